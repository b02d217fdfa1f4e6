package dev.jconda.cli.workflow;

import dev.jconda.locking.Locker;

import dev.jconda.locking.Progress;

import dev.jconda.cache.PackageCache;
import dev.jconda.cli.UserError;
import dev.jconda.lock.LockFile;
import dev.jconda.lock.LockFileReader;
import dev.jconda.lock.LockedPackage;
import dev.jconda.model.VirtualPackage;
import dev.jconda.platform.Platform;
import dev.jconda.prefix.Activation;
import dev.jconda.prefix.EnvironmentHistory;
import dev.jconda.prefix.InstallError;
import dev.jconda.prefix.JcondaHome;
import dev.jconda.prefix.PrefixInstaller;
import dev.jconda.run.RunEnvironment;
import dev.jconda.spec.ChannelPriority;
import dev.jconda.spec.EnvironmentFile;
import dev.jconda.spec.MatchSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything that makes or changes an environment, shared by {@code env create}, {@code create}, {@code install},
 * {@code update}, {@code remove}, {@code env update} and rollback: each first makes a {@link Plan} (solved, nothing
 * downloaded or touched), which the command shows and confirms, then {@link #apply applies}: fetch, install all at
 * once, and append the change to the environment's history as a new revision.
 */
public final class Environments {
    private static final DateTimeFormatter HISTORY_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final JcondaHome home;
    private final Map<String, String> env;
    private final Function<Platform, List<VirtualPackage>> virtualPackages;
    private final Path serverJar;
    private final Clock clock;
    private final Duration pauseBeforeCommit;
    private final Progress progress;
    private final java.util.function.Consumer<String> notes;
    private final PackageCache cache;

    /**
     * @param serverJar         the bundled server, installed as {@code bin/serve}; null for none
     * @param pauseBeforeCommit only for tests that kill a create just before it would finish
     * @param progress          told of each phase: solve, fetch, install
     * @param notes             told what channel priority hid, one sentence each
     */
    public Environments(JcondaHome home, Map<String, String> env,
                        Function<Platform, List<VirtualPackage>> virtualPackages, Path serverJar, Clock clock,
                        Duration pauseBeforeCommit, Progress progress, java.util.function.Consumer<String> notes,
                        PackageCache cache) {
        this.cache = cache;
        this.progress = progress;
        this.notes = notes;
        this.home = home;
        this.env = env;
        this.virtualPackages = virtualPackages;
        this.serverJar = serverJar;
        this.clock = clock;
        this.pauseBeforeCommit = pauseBeforeCommit;
    }

    /**
     * A change, solved and not yet applied.
     *
     * @param before  the packages installed now (empty for a new environment)
     * @param history the environment's revisions so far, carried into the new prefix
     * @param replace whether an existing environment at {@code prefix} is replaced
     */
    public record Plan(String name, Path prefix, Platform platform, LockFile lock, Activation activation,
                       List<LockedPackage> before, EnvironmentHistory history, boolean replace) {
        public List<LockedPackage> after() {
            return lock.packages(platform.subdir()).orElse(List.of());
        }

        public PackageDiff diff() {
            return PackageDiff.of(before, after());
        }
    }

    /**
     * How to solve: {@code --offline}, {@code --strict-maven}, {@code --channel-priority} (null: the file's).
     */
    public record SolveSettings(boolean offline, boolean strictMaven, ChannelPriority channelPriority) {
        Locker.Options options(Platform platform, LockFile previous, Set<String> update, boolean updateAll) {
            return new Locker.Options(List.of(platform), offline, strictMaven, previous, update, updateAll,
                    channelPriority);
        }
    }

    /**
     * A new environment from an environment file (or specs given on the command line, as a file without a source).
     * The target is checked before solving, so an existing environment costs no download.
     */
    public Plan create(EnvironmentFile file, String name, Path prefix, boolean force, SolveSettings solve) {
        Path target = prefix;
        if (target == null && file.prefix() != null && !file.prefix().isBlank() && file.source() != null) {
            // the file's prefix: (conda's) is taken from the file's folder when relative; -p wins
            target = file.source().toAbsolutePath().getParent().resolve(file.prefix()).normalize();
        }
        String envName = name != null ? name : file.name();
        if (envName == null || envName.isBlank()) {
            if (target == null) {
                throw new UserError((file.source() == null ? "" : file.source() + ": the file has no 'name:'; ")
                        + "give the environment a name with -n NAME or a folder with -p DIR");
            }
            envName = target.getFileName().toString();
        }
        target = target != null ? target.toAbsolutePath() : home.env(envName);
        checkTarget(envName, target);
        failIfExists(target, force);
        Platform platform = Platform.current();
        LockFile lock = locker().lock(file, solve.options(platform, null, Set.of(), false));
        Activation activation = withLockedJdk(new Activation(envName, file.variables(), serveOptions(file),
                javaHome()), lock, platform, target);
        return new Plan(envName, target, platform, lock, activation, List.of(), EnvironmentHistory.empty(), force);
    }

    /** A new environment from a lockfile: exactly the locked set for this platform, no solving. */
    /** @param warnings told of the lock's unknown keys, one line each with its file:line:column */
    public Plan createFromLock(Path lockFile, String name, Path prefix, boolean force,
                               java.util.function.Consumer<String> warnings) {
        LockFile lock = new LockFileReader().read(lockFile, warnings);
        String envName = name != null ? name : lock.name();
        if (envName == null || envName.isBlank()) {
            if (prefix == null) {
                throw new UserError(lockFile + ": the lock has no 'name:'; give one with -n NAME or -p DIR");
            }
            envName = prefix.getFileName().toString();
        }
        Path target = prefix != null ? prefix.toAbsolutePath() : home.env(envName);
        checkTarget(envName, target);
        failIfExists(target, force);
        Platform platform = Platform.current();
        MachineCheck.require(lock.packages(platform.subdir()).orElse(List.of()), virtualPackages.apply(platform),
                lockFile.toString());
        Activation activation = withLockedJdk(new Activation(envName, lock.run().variables(),
                withModelFrom(lockFile, lock.run().serve()), javaHome()), lock, platform, target);
        return new Plan(envName, target, platform, lock, activation, List.of(), EnvironmentHistory.empty(), force);
    }

    /**
     * {@code install}, {@code update}, {@code remove}: the environment's own specs (kept in its lock) with
     * {@code added} joined (a spec for a name already there replaces it) and {@code removed} taken out, solved with
     * every installed version kept unless the change needs it to move ({@code freed}, or all with
     * {@code updateAll}).
     */
    public Plan change(Path prefix, List<MatchSpec> added, Set<String> removed, Set<String> freed, boolean updateAll,
                       SolveSettings solve) {
        RunEnvironment installed = load(prefix);
        Map<String, MatchSpec> specs = new LinkedHashMap<>();
        for (String text : installed.lock().specs()) {
            MatchSpec spec = MatchSpec.parse(text);
            specs.put(spec.name().value(), spec);
        }
        for (String name : removed) {
            if (specs.remove(name) == null) {
                throw new UserError(name + " is not one of the specs of environment " + displayName(installed)
                        + " (" + String.join(", ", specs.keySet()) + "); only what was asked for can be removed");
            }
        }
        for (MatchSpec spec : added) {
            specs.remove(spec.name().value()); // the new spec replaces the old one, in the new place
            specs.put(spec.name().value(), spec);
        }
        Activation activation = installed.activation();
        EnvironmentFile wanted = asFile(displayName(installed), installed.lock().channels(), specs.values(),
                activation.variables(), activation.serve());
        return changeTo(prefix, installed, wanted, activation, freed, updateAll, solve);
    }

    /**
     * {@code env update -f FILE}: the file's specs, channels, variables and serve options; without {@code prune}
     * the environment's other specs stay, as in {@code conda env update}.
     */
    public Plan updateFromFile(Path prefix, EnvironmentFile file, boolean prune, SolveSettings solve) {
        RunEnvironment installed = load(prefix);
        Map<String, MatchSpec> specs = new LinkedHashMap<>();
        if (!prune) {
            installed.lock().specs().stream().map(MatchSpec::parse).forEach(s -> specs.put(s.name().value(), s));
        }
        file.allSpecs().forEach(s -> {
            specs.remove(s.name().value());
            specs.put(s.name().value(), s);
        });
        List<String> channels = file.channels().isEmpty() ? installed.lock().channels() : file.channels();
        Activation activation = new Activation(installed.activation().name(), file.variables(), serveOptions(file),
                installed.activation().javaHome());
        EnvironmentFile wanted = asFile(displayName(installed), channels, specs.values(), file.variables(),
                activation.serve());
        return changeTo(prefix, installed, new EnvironmentFile(file.source(), wanted.name(), wanted.channels(),
                wanted.dependencies(), wanted.maven(), wanted.variables(), null, List.of(), wanted.serve(),
                List.of()), activation, Set.of(), false, solve);
    }

    /** {@code install --revision N}: the lock revision N installed, again, with no solving. */
    public Plan rollback(Path prefix, int revision) {
        RunEnvironment installed = load(prefix);
        EnvironmentHistory history = historyOf(installed);
        if (history.revision(revision).isEmpty()) {
            throw new UserError("environment " + displayName(installed) + " has no revision " + revision
                    + (history.revisions().isEmpty() ? "" : " (it has 0 to " + (history.revisions().size() - 1)
                    + "); see `jconda list -n " + displayName(installed) + " --revisions`"));
        }
        LockFile lock = history.lock(revision, prefix).orElseThrow(() -> new UserError("revision " + revision
                + " of environment " + displayName(installed) + " kept no lock to return to"));
        Platform platform = Platform.current();
        return new Plan(displayName(installed), prefix, platform, lock, installed.activation(), installed.packages(),
                history, true);
    }

    /** Fetches what the plan needs, installs it all at once and records the change as a new revision. */
    public List<LockedPackage> apply(Plan plan, String command, boolean offline) {
        PreparedBundles prepared = new PreparedBundles();
        Natives natives = new Natives(prepared);
        EnvironmentBuilder builder = new EnvironmentBuilder(cache,
                new PrefixInstaller(natives.extractor(), pauseBeforeCommit), prepared, natives);
        List<LockedPackage> installed = builder.create(plan.lock(), plan.platform(), plan.prefix(),
                plan.activation(), plan.replace(), offline, ServerTool.forEnvironment(serverJar), progress);
        LockFile kept = plan.lock().onlyPlatform(plan.platform().subdir(), installed);
        plan.history().append(ZonedDateTime.now(clock).format(HISTORY_DATE), command, plan.before(), installed, kept)
                .write(plan.prefix());
        if (!plan.prefix().getParent().equals(home.envs())) {
            new PrefixRegistry(home.environmentsFile()).add(plan.prefix());
        }
        return installed;
    }

    private Plan changeTo(Path prefix, RunEnvironment installed, EnvironmentFile wanted, Activation activation,
                          Set<String> freed, boolean updateAll, SolveSettings solve) {
        Platform platform = Platform.current();
        EnvironmentHistory history = historyOf(installed);
        LockFile lock = locker().lock(wanted, solve.options(platform, installed.lock(), freed, updateAll));
        return new Plan(displayName(installed), prefix, platform, lock, activation, installed.packages(), history,
                true);
    }

    /**
     * The environment's history; one made before jconda kept revisions gets its present state as revision 0 (dated
     * by its lock), so the first change is revision 1 and rollback can return to what was there.
     */
    private static EnvironmentHistory historyOf(RunEnvironment installed) {
        EnvironmentHistory history = EnvironmentHistory.read(installed.prefix());
        if (!history.revisions().isEmpty()) {
            return history;
        }
        String date;
        try {
            date = ZonedDateTime.ofInstant(Files.getLastModifiedTime(new dev.jconda.prefix.PrefixLayout(
                    installed.prefix()).lock()).toInstant(), java.time.ZoneId.systemDefault()).format(HISTORY_DATE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read environment " + installed.prefix(), e);
        }
        return history.append(date, "(installed before jconda kept revisions)", List.of(), installed.packages(),
                installed.lock());
    }

    private static EnvironmentFile asFile(String name, List<String> channels, java.util.Collection<MatchSpec> specs,
                                          Map<String, String> variables, Map<String, String> serve) {
        List<MatchSpec> channelSpecs = new ArrayList<>();
        List<MatchSpec> mavenSpecs = new ArrayList<>();
        specs.forEach(s -> (s.isMaven() ? mavenSpecs : channelSpecs).add(s));
        // no source: the solver names these "the command line" in an explanation, not an internal file
        return new EnvironmentFile(null, name, channels, channelSpecs, mavenSpecs, variables, null, List.of(), serve,
                List.of());
    }

    /** Specs given on the command line ({@code jconda create -n NAME SPEC...}), as an environment file. */
    public static EnvironmentFile fromSpecs(String name, List<String> channels, List<MatchSpec> specs) {
        return asFile(name, channels, specs, Map.of(), Map.of());
    }

    private Locker locker() {
        return new Locker(home, env, virtualPackages, notes, progress, cache.transport());
    }

    private static RunEnvironment load(Path prefix) {
        try {
            return RunEnvironment.load(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read environment " + prefix, e);
        }
    }

    private static String displayName(RunEnvironment e) {
        String name = e.activation().name();
        return name == null || name.isBlank() ? e.prefix().getFileName().toString() : name;
    }

    /** Before solving and downloading: the installer checks again, under its lock, before it replaces anything. */
    /** A name or folder nothing could run from is refused before solving or downloading (RELIABILITY.md). */
    private static void checkTarget(String name, Path target) {
        dev.jconda.prefix.EnvironmentName.problem(name).or(() -> dev.jconda.prefix.EnvironmentName.prefixProblem(target))
                .ifPresent(problem -> {
                    throw new UserError(problem);
                });
    }

    private static void failIfExists(Path target, boolean force) {
        if (!force && Files.exists(target)) {
            throw new InstallError("environment " + target + " already exists; use --force to replace it");
        }
    }

    /** The JDK the environment runs on unless it asks for {@code java}: the one running jconda. */
    private static String javaHome() {
        return System.getProperty("java.home");
    }

    /** The file's {@code serve:} options; a relative {@code model} path is taken from the file's folder. */
    private static Map<String, String> serveOptions(EnvironmentFile file) {
        return withModelFrom(file.source(), file.serve());
    }

    /** A relative {@code model} path is taken from the folder of the file that gave it. */
    private static Map<String, String> withModelFrom(Path file, Map<String, String> options) {
        Map<String, String> serve = new LinkedHashMap<>(options);
        String model = serve.get("model");
        if (model != null && !model.isBlank() && !Path.of(model).isAbsolute() && file != null) {
            Path base = file.toAbsolutePath().getParent();
            serve.put("model", base.resolve(model).normalize().toString());
        }
        return serve;
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
                    Path jdkHome = Path.of(URI.create(p.url()));
                    if (!Files.isRegularFile(jdkHome.resolve("release"))) {
                        throw new UserError("the lock's java " + p.version() + " (" + p.build() + ") lives at "
                                + jdkHome + ", which is not a JDK on this machine; re-lock here");
                    }
                    return new Activation(activation.name(), activation.variables(), activation.serve(),
                            jdkHome.toString());
                })
                .orElse(activation);
    }
}
