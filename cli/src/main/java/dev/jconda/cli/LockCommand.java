package dev.jconda.cli;

import dev.jconda.locking.InputsHash;
import dev.jconda.locking.ChannelResolver;
import dev.jconda.locking.Locker;
import dev.jconda.locking.Sha256Hashes;
import dev.jconda.lock.LockFile;
import dev.jconda.lock.LockFileReader;
import dev.jconda.lock.LockFileWriter;
import dev.jconda.platform.JsonWriter;
import dev.jconda.platform.Platform;
import dev.jconda.spec.ChannelPriority;
import dev.jconda.spec.EnvironmentFile;
import dev.jconda.spec.InputError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

@Command(name = "lock", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Solve an environment file and write jconda-lock.yml next to it.",
                "",
                "The lock lists, per platform, every package with its version, download URL, checksum, size and "
                        + "dependencies, plus a hash of the inputs. The same inputs always give a byte-identical file. In "
                        + "CI, `jconda lock --check` fails (exit 1) when the lock no longer matches the environment file."})
final class LockCommand implements Runnable {
    private final Context context;

    @Option(names = {"-f", "--file"}, defaultValue = "environment.yml", paramLabel = "FILE",
            description = "the environment file (default: ${DEFAULT-VALUE})")
    Path file;

    @Option(names = {"-o", "--lockfile"}, paramLabel = "FILE",
            description = "where to write the lock (default: jconda-lock.yml next to the environment file)")
    Path lockfile;

    @Option(names = {"-p", "--platform"}, paramLabel = "SUBDIR",
            description = "platform to lock for, repeatable: linux-64, linux-aarch64, osx-64, osx-arm64, win-64 "
                    + "(default: the file's platforms:, else the existing lock's, else this machine's)")
    List<String> platforms = new ArrayList<>();

    @Option(names = "--check", description = "do not write; exit 1 if the lock is missing or stale")
    boolean check;

    @Option(names = "--update", arity = "0..*", paramLabel = "NAME",
            description = "re-solve these packages freely (all of them when no name is given); the rest keep their "
                    + "locked versions where the specs allow")
    List<String> update;

    @Option(names = "--hashes", paramLabel = "KIND", defaultValue = "published",
            description = "published: each file's strongest checksum its repository publishes (sha512, sha256, "
                    + "sha1), nothing downloaded (default); sha256: every file by sha256, downloaded into the "
                    + "package cache to hash it")
    Hashes hashes;

    /** What {@code --hashes} accepts. */
    enum Hashes { published, sha256 }

    @picocli.CommandLine.Mixin
    SolveOptions solve = new SolveOptions();

    LockCommand(Context context) {
        this.context = context;
    }

    @Override
    public void run() {
        EnvironmentFile env = EnvironmentFiles.read(context, file);
        Path target = lockfile != null ? lockfile
                : file.toAbsolutePath().resolveSibling("jconda-lock.yml");
        List<Platform> targets = platforms(env, target);
        if (check) {
            check(env, target, targets);
            return;
        }
        LockFile previous = java.nio.file.Files.isRegularFile(target) ? readPrevious(target) : null;
        boolean updateAll = update != null && update.isEmpty();
        if (previous != null && update != null) {
            for (String name : update) {
                boolean known = previous.platforms().values().stream().flatMap(List::stream)
                        .anyMatch(p -> p.name().equals(name));
                if (!known) {
                    throw new UserError("--update " + name + ": " + target.getFileName() + " has no package named '"
                            + name + "'");
                }
            }
        }
        BeforeWriting.prepare(context.home());
        LockFile lock = new Locker(context.home(), context.env(), p -> context.virtualPackages().forPlatform(p),
                SolveOptions.notes(context), PhaseReporter.of(context, solve.quiet || solve.json), context.http())
                .lock(env, new Locker.Options(targets, solve.offline, solve.strictMaven, previous,
                        update == null ? java.util.Set.of() : java.util.Set.copyOf(update), updateAll,
                        solve.channelPriority()));
        if (hashes == Hashes.sha256) {
            dev.jconda.locking.Progress hashing = PhaseReporter.of(context, solve.quiet || solve.json);
            lock = new Sha256Hashes(context.packageCache(PhaseReporter.downloads(hashing)), solve.offline, hashing)
                    .apply(lock);
        }
        try {
            new LockFileWriter().write(lock, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        int count = lock.platforms().values().stream().mapToInt(List::size).sum();
        if (solve.json) {
            JsonWriter out = new JsonWriter().beginObject().name("success").value(true)
                    .name("lockfile").value(target.toString()).name("inputs_hash").value(lock.inputsHash())
                    .name("platforms").beginObject();
            lock.platforms().forEach((p, packages) -> out.name(p).value(packages.size()));
            context.out().println(out.endObject().endObject());
            return;
        }
        context.out().println("Locked " + count + " packages for " + String.join(", ", lock.platforms().keySet())
                + " into " + target);
    }

    /** A previous lock in an old or broken format is simply not reused. */
    private LockFile readPrevious(Path target) {
        try {
            return new LockFileReader().read(target, EnvironmentFiles.warnings(context));
        } catch (InputError e) {
            context.err().println("jconda: warning: ignoring the existing " + target.getFileName() + ": "
                    + e.reason());
            return null;
        }
    }

    private void check(EnvironmentFile env, Path target, List<Platform> targets) {
        if (!Files.isRegularFile(target)) {
            throw new StaleLock(target + " does not exist; run `jconda lock -f " + file + "`");
        }
        LockFile lock = new LockFileReader().read(target, EnvironmentFiles.warnings(context));
        for (Platform p : targets) {
            if (lock.packages(p.subdir()).isEmpty()) {
                throw new StaleLock(target + " has no packages for " + p.subdir() + "; run `jconda lock -f " + file
                        + "`");
            }
        }
        String display = file.getFileName().toString();
        var channels = new ChannelResolver(context.env()).resolve(env.channels(), display, env.channelPositions());
        List<String> locked = new ArrayList<>(lock.platforms().keySet());
        ChannelPriority priority = solve.channelPriority() != null ? solve.channelPriority() : env.channelPriority();
        String expected = InputsHash.of(env, channels.names(), locked, solve.strictMaven, priority);
        if (!expected.equals(lock.inputsHash())) {
            throw new StaleLock(target + " is stale: " + difference(env, lock) + "; run `jconda lock -f " + file
                    + "`");
        }
        List<String> moved = new Locker(context.home(), context.env(), p -> context.virtualPackages().forPlatform(p))
                .channelChanges(env, lock, new Locker.Options(targets, solve.offline, solve.strictMaven, null,
                        Set.of(), false, solve.channelPriority()));
        if (!moved.isEmpty()) {
            throw new StaleLock(target + " is stale: a package's channel would change under strict channel "
                    + "priority: " + String.join("; ", moved) + "; run `jconda lock -f " + file + "`");
        }
        context.out().println(target + " is up to date with " + file);
    }

    private static String difference(EnvironmentFile env, LockFile lock) {
        List<String> now = env.allSpecs().stream().map(s -> s.text()).toList();
        Set<String> added = new LinkedHashSet<>(now);
        lock.specs().forEach(added::remove);
        Set<String> removed = new LinkedHashSet<>(lock.specs());
        now.forEach(removed::remove);
        if (!added.isEmpty() || !removed.isEmpty()) {
            List<String> parts = new ArrayList<>();
            if (!added.isEmpty()) parts.add("the file asks for " + String.join(", ", added));
            if (!removed.isEmpty()) parts.add("the lock was made for " + String.join(", ", removed));
            return String.join(" but ", parts);
        }
        return "channels or solver options changed";
    }

    /** -p, else the file's platforms:, else those of the lock being replaced (a re-lock never narrows), else this machine's. */
    private List<Platform> platforms(EnvironmentFile env, Path lock) {
        List<String> names = !platforms.isEmpty() ? platforms : env.platforms();
        if (names.isEmpty() && Files.isRegularFile(lock)) {
            LockFile previous = readPrevious(lock);
            names = previous == null ? List.of() : List.copyOf(previous.platforms().keySet());
        }
        if (names.isEmpty()) {
            return List.of(Platform.current());
        }
        List<Platform> out = new ArrayList<>();
        for (String n : new LinkedHashSet<>(names)) {
            try {
                out.add(Platform.fromSubdir(n));
            } catch (IllegalArgumentException e) {
                throw new InputError(null, 0, 0, e.getMessage());
            }
        }
        return out;
    }

    /** {@code --check} found the lock missing or out of date: exit 1. */
    static final class StaleLock extends RuntimeException {
        StaleLock(String message) {
            super(message);
        }
    }
}
