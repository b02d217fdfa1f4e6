package dev.jconda.cli;

import dev.jconda.cli.workflow.Environments;
import dev.jconda.cli.workflow.PackageDiff;
import dev.jconda.lock.LockFileReader;
import dev.jconda.lock.LockedPackage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

@Command(name = "create", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Create an environment from an environment file or a lockfile.",
                "",
                "From environment.yml: solves the specs for this machine, fetches every file into the package "
                        + "cache (sha256-checked) and installs the set into $JCONDA_ROOT/envs/NAME. From jconda-lock.yml: "
                        + "installs exactly the locked set for this platform, with no solving. The environment appears all "
                        + "at once or not at all: a failed or interrupted create leaves nothing."})
final class EnvCreate implements Runnable {
    private final Context context;

    @Option(names = {"-f", "--file"}, defaultValue = "environment.yml", paramLabel = "FILE",
            description = "environment.yml or jconda-lock.yml (default: ${DEFAULT-VALUE})")
    Path file;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "environment name (default: the file's name:)")
    String name;

    @Option(names = {"-p", "--prefix"}, paramLabel = "DIR", description = "install into DIR instead of envs/NAME")
    Path prefix;

    @Option(names = "--force", description = "replace an existing environment of that name")
    boolean force;

    @picocli.CommandLine.Mixin
    ChangeOptions options = new ChangeOptions();

    EnvCreate(Context context) {
        this.context = context;
    }

    @Override
    public void run() {
        // bad names and prefixes are refused before anything is written (environments() sweeps and creates the root)
        if (name != null) {
            EnvironmentNames.check(name);
        }
        if (prefix != null) {
            EnvironmentNames.checkPrefix(prefix.toAbsolutePath());
        }
        boolean fromLock = LockFileReader.looksLikeLockFile(file);
        if (fromLock) {
            context.probeMachineAhead(); // the lock's machine check needs it once the lock is read
        }
        Environments environments = options.environments(context);
        Environments.Plan plan = fromLock
                ? environments.createFromLock(file, name, prefix, force,
                        EnvironmentFiles.warnings(context))
                : environments.create(EnvironmentFiles.read(context, file), name, prefix, force, options.solve());
        create(context, options, plan);
    }

    /** What {@code env create} and {@code create} share once the plan is made. */
    static void create(Context context, ChangeOptions options, Environments.Plan plan) {
        EnvironmentNames.check(plan.name());
        List<LockedPackage> installed = options.environments(context)
                .apply(plan, options.commandLine(), options.solveOptions.offline);
        if (options.json()) {
            context.out().println(ResultJson.of(plan, PackageDiff.of(List.of(), installed)));
            return;
        }
        context.out().println("Created environment " + plan.name() + " at " + plan.prefix() + " ("
                + installed.size() + " packages)");
        boolean byPrefix = !plan.prefix().equals(context.home().env(plan.name()));
        context.out().println("Run a command in it:  jconda run "
                + (byPrefix ? "-p " + plan.prefix() : "-n " + plan.name()) + " -- COMMAND");
    }
}
