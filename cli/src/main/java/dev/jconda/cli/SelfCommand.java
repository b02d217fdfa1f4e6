package dev.jconda.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

@Command(name = "self", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Manage jconda itself.", subcommands = SelfCommand.Install.class)
final class SelfCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "install", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Put jconda on your PATH: a symbolic link DIR/jconda to this checkout's launcher, which "
                    + "finds its JDK and jars through the link.",
                    "",
                    "Example:  ./jconda self install --dir ~/.local/bin"})
    static final class Install implements Runnable {
        private final Context context;

        @Option(names = "--dir", paramLabel = "DIR", description = "where the link goes (default: ~/.local/bin)")
        Path dir;

        @Option(names = "--force", description = "replace an existing DIR/jconda")
        boolean force;

        Install(Context context) {
            this.context = context;
        }

        @Override
        public void run() {
            String launcher = System.getProperty("jconda.launcher");
            if (launcher == null || launcher.isBlank()) {
                throw new UserError("run this through the launcher: ./jconda self install");
            }
            Path target = (dir != null ? dir : context.home().userHome().resolve(".local/bin")).toAbsolutePath();
            Path link = target.resolve("jconda");
            try {
                Files.createDirectories(target);
                if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                    if (!force && !(Files.isSymbolicLink(link)
                            && Files.readSymbolicLink(link).equals(Path.of(launcher)))) {
                        throw new UserError(link + " already exists; use --force to replace it");
                    }
                    Files.delete(link);
                }
                Files.createSymbolicLink(link, Path.of(launcher));
            } catch (IOException e) {
                throw new dev.jconda.prefix.InstallError("cannot link " + link + ": " + e.getMessage(), e);
            }
            context.out().println("Linked " + link + " -> " + launcher);
            String path = context.env().getOrDefault("PATH", "");
            if (!java.util.Arrays.asList(path.split(java.io.File.pathSeparator)).contains(target.toString())) {
                context.out().println(target + " is not on your PATH; add it, e.g. in ~/.bashrc:  export PATH=\""
                        + target + ":$PATH\"");
            }
        }
    }
}
