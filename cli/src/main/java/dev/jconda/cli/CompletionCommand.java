package dev.jconda.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Print a shell completion script (bash; zsh through bashcompinit).",
                "",
                "Examples:",
                "  source <(jconda completion)                         this shell",
                "  jconda completion > ~/.local/share/bash-completion/completions/jconda",
                "  autoload -U +X bashcompinit && bashcompinit && source <(jconda completion)   zsh"})
final class CompletionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    private final Context context;

    CompletionCommand(Context context) {
        this.context = context;
    }

    @Override
    public void run() {
        context.out().print(AutoComplete.bash("jconda", spec.root().commandLine()));
    }
}
