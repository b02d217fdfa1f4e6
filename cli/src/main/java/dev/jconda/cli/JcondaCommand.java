package dev.jconda.cli;

import picocli.CommandLine.Command;

@Command(name = "jconda",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Conda for the JVM: solve Maven artifacts and native bundles (libtorch, CUDA, MKL) for this "
                        + "machine, lock them, install them into named environments, and run programs and the bundled "
                        + "model server inside them.",
                "",
                "Typical use:",
                "  jconda env create -f environment.yml    solve, lock, install",
                "  jconda run -n NAME -- java Main         (java reads $CLASSPATH)",
                "  jconda lock -f environment.yml --check  in CI: fail on a stale lock"},
        subcommands = {EnvCommand.class, InstallCommand.class, UpdateCommand.class, LockCommand.class, RunCommand.class,
                InfoCommand.class, SbomCommand.class, PackCommand.class, ImageCommand.class, K8sCommand.class,
                CreateCommand.class, RemoveCommand.class, ListCommand.class, TreeCommand.class,
                ShellHookCommand.class, ShellCommand.class, SearchCommand.class, ConfigCommand.class,
                CompletionCommand.class, SelfCommand.class, DoctorCommand.class, CleanCommand.class},
        footer = {"", "Exit codes: 0 success, 1 failed (no solution, stale lock, download), 2 bad input, "
                + "130 interrupted.", "State lives in $JCONDA_ROOT (default ~/.jconda)."})
public final class JcondaCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
