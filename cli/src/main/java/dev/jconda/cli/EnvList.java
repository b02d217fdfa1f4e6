package dev.jconda.cli;

import dev.jconda.prefix.PrefixLayout;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List the environments: those in $JCONDA_ROOT/envs, then those made elsewhere with -p.")
final class EnvList implements Runnable {
    private final Context context;

    EnvList(Context context) {
        this.context = context;
    }

    @Override
    public void run() {
        List<Path> envs = all(context);
        context.out().println("# jconda environments:");
        for (Path p : envs) {
            context.out().printf("%-24s %s%n", p.getFileName(), p);
        }
    }

    /** The named environments, then those made with {@code -p} elsewhere. */
    static List<Path> all(Context context) {
        List<Path> out = new java.util.ArrayList<>(environments(context.home().envs()));
        out.addAll(new dev.jconda.cli.workflow.PrefixRegistry(context.home().environmentsFile()).environments());
        return out;
    }

    static List<Path> environments(Path envsDir) {
        if (!Files.isDirectory(envsDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(envsDir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".") && n.contains(".trash-"))
                    .map(n -> envsDir.resolve(n.substring(1, n.indexOf(".trash-")))).distinct().toList()
                    .forEach(dev.jconda.prefix.InterruptedReplace::recover);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Stream<Path> s = Files.list(envsDir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> new PrefixLayout(p).isEnvironment())
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
