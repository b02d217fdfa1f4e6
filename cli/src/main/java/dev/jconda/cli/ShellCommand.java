package dev.jconda.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

@Command(name = "shell", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Start your shell ($SHELL) inside an environment (as `pixi shell`); `exit` leaves it.",
                "",
                "Example:  jconda shell -n hello-jvm"})
final class ShellCommand implements java.util.concurrent.Callable<Integer> {
    private final Context context;

    @picocli.CommandLine.Mixin
    EnvironmentOption environment = new EnvironmentOption();

    ShellCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Path target = environment.resolve(context);
        Map<String, String> vars = InstalledEnvironments.load(target).variables(context.env());
        String shell = context.env().getOrDefault("SHELL", "/bin/sh");
        ProcessBuilder pb = new ProcessBuilder(shell).inheritIO();
        pb.environment().putAll(vars);
        try {
            return ChildProcess.run(pb);
        } catch (IOException e) {
            throw new UserError("cannot start the shell '" + shell + "': " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
        }
    }
}
