package dev.jconda.cli;

import dev.jconda.lock.LockFileWriter;
import dev.jconda.cli.workflow.EnvironmentExport;
import dev.jconda.run.RunEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;


@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Print an installed environment as an environment file (or a lockfile).",
                "",
                "By default every package is pinned with its version and build, as `conda env export`; "
                        + "--from-history prints only what the environment file asked for; --lock prints the lockfile of "
                        + "the environment as installed, which `jconda env create -f` installs again exactly."})
final class EnvExport implements Runnable {
    private final Context context;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "the environment")
    String name;

    @Option(names = "--from-history", description = "only the specs the user asked for")
    boolean fromHistory;

    @Option(names = "--lock", description = "the installed lockfile")
    boolean lock;

    EnvExport(Context context) {
        this.context = context;
    }

    @Override
    public void run() {
        if (fromHistory && lock) {
            throw new UserError("--from-history and --lock exclude each other");
        }
        RunEnvironment env = InstalledEnvironments.load(context, name);
        if (lock) {
            context.out().print(new LockFileWriter().render(env.lock()));
            return;
        }
        context.out().print(EnvironmentExport.render(name, env, fromHistory));
    }
}
