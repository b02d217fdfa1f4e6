package dev.jconda.cli;

import picocli.CommandLine.Command;

@Command(name = "env", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Create, list, export and remove environments.",
        subcommands = {EnvCreate.class, EnvList.class, EnvRemove.class, EnvExport.class, EnvUpdate.class})
final class EnvCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
