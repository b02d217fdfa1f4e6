package dev.jconda.cli;

import picocli.CommandLine.Command;

import java.util.List;

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
        footer = {"", "Exit codes: 0 success, 1 failed (no solution, stale lock, download), 2 bad input, "
                + "130 interrupted.", "State lives in $JCONDA_ROOT (default ~/.jconda)."})
public final class JcondaCommand implements Runnable {
    /**
     * The subcommands, in the order help lists them. {@link Main} adds them: all of them for help, completion and a
     * name it does not know, only the one asked for otherwise, since picocli builds each command's model from its
     * annotations up front (70 ms of a new JVM's time for the 21 a command does not use).
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(EnvCommand.class, InstallCommand.class, UpdateCommand.class,
            LockCommand.class, RunCommand.class, InfoCommand.class, SbomCommand.class, PackCommand.class,
            ImageCommand.class, K8sCommand.class, CreateCommand.class, RemoveCommand.class, ListCommand.class,
            TreeCommand.class, ShellHookCommand.class, ShellCommand.class, SearchCommand.class, ConfigCommand.class,
            CompletionCommand.class, SelfCommand.class, DoctorCommand.class, CleanCommand.class);

    /**
     * The subcommands to build for these arguments: the one the first argument names (by name or alias), or all when
     * it names none, starts with an option, or asks for completion (which describes the whole tree).
     */
    static List<Class<?>> subcommandsFor(String... args) {
        if (args.length > 0) {
            for (Class<?> command : SUBCOMMANDS) {
                Command annotation = command.getAnnotation(Command.class);
                if (command != CompletionCommand.class && (annotation.name().equals(args[0])
                        || List.of(annotation.aliases()).contains(args[0]))) {
                    return List.of(command);
                }
            }
        }
        return SUBCOMMANDS;
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
