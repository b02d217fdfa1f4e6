package dev.jconda.cli;

import dev.jconda.cache.PackageCache;
import dev.jconda.cli.workflow.EnvironmentBuilder;
import dev.jconda.cli.workflow.Locker;
import dev.jconda.lock.LockFile;
import dev.jconda.lock.LockFileReader;
import dev.jconda.lock.LockedPackage;
import dev.jconda.platform.Platform;
import dev.jconda.prefix.Activation;
import dev.jconda.prefix.PrefixInstaller;
import dev.jconda.spec.EnvironmentFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    SolveOptions solve = new SolveOptions();

    EnvCreate(Context context) {
        this.context = context;
    }

    @Override
    public void run() {
        Platform platform = Platform.current();
        PackageCache cache = context.packageCache();
        EnvironmentBuilder builder = new EnvironmentBuilder(cache,
                new PrefixInstaller(Natives.extractor(), testPauseBeforeCommit()));
        LockFile lock;
        Activation activation;
        String envName;
        if (name != null) {
            EnvironmentNames.check(name);
        }
        if (prefix != null) {
            EnvironmentNames.checkPrefix(prefix.toAbsolutePath());
        }
        BeforeWriting.prepare(context.home());
        if (LockFileReader.looksLikeLockFile(file)) {
            lock = new LockFileReader().read(file, EnvironmentFiles.warnings(context));
            envName = name != null ? name : lock.name();
            activation = new Activation(envName, Map.of(), Map.of(), javaHome());
        } else {
            EnvironmentFile env = EnvironmentFiles.read(context, file);
            if (prefix == null && env.prefix() != null && !env.prefix().isBlank()) {
                // the file's prefix: (conda's) is taken from the file's folder when relative; -p wins
                prefix = file.toAbsolutePath().getParent().resolve(env.prefix()).normalize();
                EnvironmentNames.checkPrefix(prefix);
            }
            envName = name != null ? name : env.name();
            if (envName == null || envName.isBlank()) {
                if (prefix == null) {
                    throw new UserError(file + ": the file has no 'name:'; give one with -n NAME or -p DIR");
                }
                envName = prefix.getFileName().toString();
            }
            EnvironmentNames.check(envName);
            failFastIfExists(envName);
            lock = new Locker(context.home(), context.env(), p -> context.virtualPackages().forPlatform(p),
                context.packageCache())
                    .lock(env, new Locker.Options(List.of(platform), solve.offline, solve.strictMaven));
            activation = new Activation(envName, env.variables(), serveOptions(env), javaHome());
        }
        if (envName == null || envName.isBlank()) {
            throw new UserError("the environment needs a name: pass -n NAME");
        }
        EnvironmentNames.check(envName);
        Path target = prefix != null ? prefix.toAbsolutePath() : context.home().env(envName);
        activation = withLockedJdk(activation, lock, platform, target);
        List<LockedPackage> installed = builder.create(lock, platform, target, activation, force, solve.offline,
                ServerTool.forEnvironment(context));
        context.out().println("Created environment " + envName + " at " + target + " (" + installed.size()
                + " packages)");
        context.out().println("Run a command in it:  jconda run " + (prefix != null ? "-p " + target : "-n " + envName)
                + " -- COMMAND");
    }

    /** Before solving and downloading: the installer checks again, under its lock, before it replaces anything. */
    private void failFastIfExists(String envName) {
        Path target = prefix != null ? prefix.toAbsolutePath() : context.home().env(envName);
        if (!force && java.nio.file.Files.exists(target)) {
            throw new dev.jconda.prefix.InstallError("environment " + target
                    + " already exists; use --force to replace it");
        }
    }

    /** The JDK the environment runs on unless it asks for {@code java}: the one running jconda. */
    private static String javaHome() {
        return System.getProperty("java.home");
    }

    /**
     * A locked {@code java} package decides the environment's JDK ({@code JAVA_HOME}, first on {@code PATH}): one
     * a channel provides is unpacked into the prefix's {@code jdk/}; one found on this machine is used where it is.
     */
    private static Activation withLockedJdk(Activation activation, LockFile lock, Platform platform, Path target) {
        return lock.packages(platform.subdir()).orElse(List.of()).stream()
                .filter(p -> p.kind() == LockedPackage.Kind.JDK)
                .filter(p -> p.install() == LockedPackage.Install.JDK || p.url().startsWith("file:"))
                .findFirst()
                .map(p -> {
                    if (p.install() == LockedPackage.Install.JDK) {
                        return new Activation(activation.name(), activation.variables(), activation.serve(),
                                target.resolve("jdk").toString());
                    }
                    Path home = Path.of(java.net.URI.create(p.url()));
                    if (!java.nio.file.Files.isRegularFile(home.resolve("release"))) {
                        throw new UserError("the lock's java " + p.version() + " (" + p.build() + ") lives at "
                                + home + ", which is not a JDK on this machine; re-lock here");
                    }
                    return new Activation(activation.name(), activation.variables(), activation.serve(),
                            home.toString());
                })
                .orElse(activation);
    }

    /** {@code JCONDA_TEST_PAUSE_BEFORE_COMMIT_MS}: for tests that kill a create just before it would finish. */
    private java.time.Duration testPauseBeforeCommit() {
        String ms = context.env().get("JCONDA_TEST_PAUSE_BEFORE_COMMIT_MS");
        return ms == null || ms.isBlank() ? java.time.Duration.ZERO : java.time.Duration.ofMillis(Long.parseLong(ms));
    }

    /** The file's {@code serve:} options; a relative {@code model} path is taken from the file's folder. */
    private Map<String, String> serveOptions(EnvironmentFile env) {
        Map<String, String> serve = new LinkedHashMap<>(env.serve());
        String model = serve.get("model");
        if (model != null && !model.isBlank() && !Path.of(model).isAbsolute()) {
            Path base = file.toAbsolutePath().getParent();
            serve.put("model", base.resolve(model).normalize().toString());
        }
        return serve;
    }
}
