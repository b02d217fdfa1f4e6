package dev.jconda.cli;

import dev.jconda.prefix.PrefixInstaller;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

@Command(name = "remove", aliases = "rm", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Remove an environment. Cached packages stay in $JCONDA_ROOT/pkgs for the next create.")
final class EnvRemove implements java.util.concurrent.Callable<Integer> {
    private final Context context;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "the environment")
    String name;

    @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation")
    boolean yes;

    EnvRemove(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        BeforeWriting.prepare(context.home());
        Path prefix = InstalledEnvironments.require(context, name);
        if (!yes && !ChangeOptions.ask("Remove environment " + name + " at " + prefix)) {
            context.err().println("jconda: nothing removed");
            return ExitCodes.FAILED;
        }
        // Rename first so a half-deleted environment never answers to its name.
        Path trash = dev.jconda.prefix.InterruptedReplace.removingFor(prefix);
        try {
            Files.move(prefix, trash, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new dev.jconda.prefix.InstallError("cannot remove " + prefix + ": " + e.getMessage(), e);
        }
        PrefixInstaller.deleteTree(trash);
        context.out().println("Removed environment " + name);
        return ExitCodes.OK;
    }
}
