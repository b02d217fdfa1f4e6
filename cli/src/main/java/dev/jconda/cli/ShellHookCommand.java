package dev.jconda.cli;

import dev.jconda.cli.workflow.ShellScript;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

@Command(name = "shell-hook", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Print the environment's activation script for your shell (as `pixi shell-hook`).",
                "",
                "Evaluated, it activates the environment in the current shell.",
                "",
                "Examples:",
                "  eval \"$(jconda shell-hook -n hello-jvm)\"",
                "  jconda shell-hook -n hello-jvm --shell fish | source",
                "  jconda shell-hook -n hello-jvm --shell pwsh | Out-String | Invoke-Expression"})
final class ShellHookCommand implements Runnable {
    private final Context context;

    @picocli.CommandLine.Mixin
    EnvironmentOption environment = new EnvironmentOption();

    @Option(names = {"-s", "--shell"}, paramLabel = "SHELL",
            description = "bash, zsh, fish or pwsh (default: from $SHELL)")
    String shell;

    ShellHookCommand(Context context) {
        this.context = context;
    }

    @Override
    public void run() {
        ShellScript script = shell == null ? ShellScript.fromShellPath(context.env().get("SHELL")) : parse(shell);
        Path target = environment.resolve(context);
        context.out().print(script.render(InstalledEnvironments.load(target).variables(context.env())));
    }

    private static ShellScript parse(String shell) {
        for (ShellScript s : ShellScript.values()) {
            if (s.id().equals(shell)) {
                return s;
            }
        }
        throw new UserError("unknown shell '" + shell + "': use bash, zsh, fish or pwsh");
    }
}
