package dev.jconda.prefix;

import dev.jconda.lock.LockFile;
import dev.jconda.lock.LockFileWriter;
import dev.jconda.lock.LockedPackage;
import dev.jconda.spec.YamlWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Materialises an environment from cached files, all or nothing: everything is built in a hidden sibling folder
 * ({@code envs/.NAME.partial-*}) and renamed into place as the last step, so a failed, interrupted or killed create
 * never leaves a half-made environment under the real name. Jars are hard-linked from the package cache (one copy
 * on disk however many environments use them), copied when the cache is on another file system.
 */
public final class PrefixInstaller {

    /** Extracts a native archive into a folder; the platform layer's safe extractor in production. */
    @FunctionalInterface
    public interface NativeExtractor {
        void extract(Path archive, String innerPrefix, Path destination) throws IOException;
    }

    /**
     * @param files   the cached file for every package that has one, by {@link LockedPackage#cacheKey()}
     * @param lock    the lock to record in the prefix (this platform's packages only)
     * @param force   replace an existing environment of that name
     */
    public record Plan(Path prefix, List<LockedPackage> packages, Map<String, Path> files, LockFile lock,
                       Activation activation, boolean force, List<Tool> tools) {
        public Plan {
            packages = List.copyOf(packages);
            files = Map.copyOf(files);
            tools = List.copyOf(tools);
        }
    }

    /**
     * A program jconda itself puts into the environment (the bundled server): its jar, copied to
     * {@code libexec/}, and a launcher script in {@code bin/}, as conda installs entry points.
     */
    public record Tool(String name, Path jar, String launcher) {
    }

    private final NativeExtractor extractor;
    private final java.time.Duration pauseBeforeCommit;

    public PrefixInstaller(NativeExtractor extractor) {
        this(extractor, java.time.Duration.ZERO);
    }

    /**
     * @param pauseBeforeCommit a wait between building the environment and renaming it into place; only tests use
     *                          it, to kill a create at the worst moment and check that nothing half-made remains
     */
    public PrefixInstaller(NativeExtractor extractor, java.time.Duration pauseBeforeCommit) {
        this.extractor = extractor;
        this.pauseBeforeCommit = pauseBeforeCommit;
    }

    public void install(Plan plan) {
        install(plan, InstallProgress.NONE);
    }

    /** As {@link #install(Plan)}, telling {@code progress} as native bundles are unpacked and jars linked. */
    public void install(Plan plan, InstallProgress progress) {
        Path prefix = plan.prefix().toAbsolutePath().normalize();
        Path parent = prefix.getParent();
        String name = prefix.getFileName().toString();
        Path staging = parent.resolve("." + name + ".partial-" + UUID.randomUUID());
        // On TERM/INT the JVM runs shutdown hooks while this thread keeps going; the lock keeps the hook's delete
        // from racing the build (which would leave files behind) and from racing the final rename.
        Object building = new Object();
        java.util.concurrent.atomic.AtomicBoolean aborted = new java.util.concurrent.atomic.AtomicBoolean();
        Thread cleanup = new Thread(() -> {
            aborted.set(true);
            synchronized (building) {
                deleteTree(staging);
            }
        }, "jconda-install-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Files.createDirectories(parent);
            // One create per name at a time, across processes: a second one waits, then sees the first's result
            // (and never deletes the first one's staging folder as "stale").
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(
                    InterruptedReplace.lockFileOf(prefix), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE);
                 java.nio.channels.FileLock lock = channel.lock()) {
                // a replace killed between its two renames left the old environment aside: put it back first
                InterruptedReplace.recoverLocked(prefix);
                if (Files.exists(prefix) && !plan.force()) {
                    throw new InstallError("environment " + prefix + " already exists; use --force to replace it");
                }
                if (Files.exists(prefix) && !new PrefixLayout(prefix).isEnvironment() && !isEmptyDir(prefix)) {
                    throw new InstallError(prefix + " exists and is not a jconda environment; refusing to replace it");
                }
                removeStalePartials(parent, name);
                String linked;
                synchronized (building) {
                    linked = build(plan, staging, aborted, progress);
                }
                if (!pauseBeforeCommit.isZero()) {
                    Thread.sleep(pauseBeforeCommit);
                }
                synchronized (building) {
                    if (aborted.get()) {
                        throw new InstallError("interrupted; nothing was installed");
                    }
                    swapIntoPlace(staging, prefix);
                }
                progress.finished(InstallProgress.Step.LINK, linked + " into " + prefix);
            }
        } catch (IOException e) {
            throw new InstallError("cannot create environment " + prefix + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstallError("interrupted while creating " + prefix + "; nothing was installed", e);
        } finally {
            deleteTree(staging);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running and does the same cleanup
            }
        }
    }

    /**
     * Natives first, then jars: the two steps a user waits on, reported apart. Returns what the link step did; it
     * is reported finished once the environment is renamed into place.
     */
    private String build(Plan plan, Path staging, java.util.concurrent.atomic.AtomicBoolean aborted,
                         InstallProgress progress) throws IOException {
        PrefixLayout layout = new PrefixLayout(staging);
        Files.createDirectories(layout.lib());
        Files.createDirectories(layout.bin());
        Files.createDirectories(layout.meta());
        List<LockedPackage> natives = withFiles(plan, LockedPackage.Install::unpacked);
        List<LockedPackage> jars = withFiles(plan, kind -> kind == LockedPackage.Install.CLASSPATH);
        long nativeBytes = bytesOf(natives);
        progress.started(InstallProgress.Step.EXTRACT, natives.size(), nativeBytes);
        for (LockedPackage p : natives) {
            checkNotAborted(aborted);
            Path destination = p.install() == LockedPackage.Install.JDK ? staging.resolve("jdk") : layout.nativeLib();
            Files.createDirectories(destination);
            extractor.extract(cachedFile(plan, p), p.extract(), destination);
            progress.fileDone(p.size());
        }
        progress.finished(InstallProgress.Step.EXTRACT, natives.isEmpty() ? "no native bundles"
                : natives.size() + " native bundle" + (natives.size() == 1 ? "" : "s") + " unpacked"
                // a channel index need not give sizes; no size beats a wrong one
                + (nativeBytes > 0 ? ", " + dev.jconda.cache.ByteSize.human(nativeBytes) : ""));
        progress.started(InstallProgress.Step.LINK, jars.size(), bytesOf(jars));
        Set<String> usedNames = new HashSet<>();
        int copied = 0;
        for (LockedPackage p : jars) {
            checkNotAborted(aborted);
            if (!link(cachedFile(plan, p), inside(layout.lib(), fileNameInLib(p, usedNames)))) {
                copied++;
            }
            progress.fileDone(p.size());
        }
        for (Tool tool : plan.tools()) {
            Path libexec = Files.createDirectories(staging.resolve("libexec"));
            Files.copy(tool.jar(), libexec.resolve(tool.jar().getFileName()), StandardCopyOption.REPLACE_EXISTING);
            Path script = layout.bin().resolve(tool.name());
            Files.writeString(script, tool.launcher(), StandardCharsets.UTF_8);
            script.toFile().setExecutable(true, false);
        }
        new LockFileWriter().write(plan.lock(), layout.lock());
        writeActivation(plan.activation(), layout.activation());
        return jars.size() + " jar" + (jars.size() == 1 ? "" : "s") + " " + (copied == 0 ? "hard-linked"
                : copied == jars.size() ? "copied (the package cache is on another file system)"
                : (jars.size() - copied) + " hard-linked, " + copied + " copied") + ", "
                + dev.jconda.cache.ByteSize.human(bytesOf(jars));
    }

    private static List<LockedPackage> withFiles(Plan plan,
                                                  java.util.function.Predicate<LockedPackage.Install> kinds) {
        return plan.packages().stream().filter(p -> p.hasFile() && kinds.test(p.install())).toList();
    }

    private static Path cachedFile(Plan plan, LockedPackage p) {
        Path cached = plan.files().get(p.cacheKey());
        if (cached == null) {
            throw new InstallError("no cached file for " + p.name() + " " + p.version());
        }
        return cached;
    }

    private static void checkNotAborted(java.util.concurrent.atomic.AtomicBoolean aborted) {
        if (aborted.get()) {
            throw new InstallError("interrupted; nothing was installed");
        }
    }

    private static long bytesOf(List<LockedPackage> packages) {
        return packages.stream().mapToLong(p -> Math.max(0, p.size())).sum();
    }

    /** The file name in {@code lib/}; the group id is added when two artifacts share a file name. */
    public static String fileNameInLib(LockedPackage p, Set<String> used) {
        String file = p.file().isEmpty() ? p.name().replace(':', '_') : p.file();
        if (used.add(file)) {
            return file;
        }
        String qualified = p.name().substring(0, Math.max(0, p.name().indexOf(':'))) + "-" + file;
        used.add(qualified);
        return qualified;
    }

    /** Names come from a lockfile: whatever slipped past its validation must still not leave the folder. */
    private static Path inside(Path folder, String name) {
        Path target = folder.resolve(name).normalize();
        if (!folder.normalize().equals(target.getParent())) {
            throw new InstallError("refusing to write " + name + " outside " + folder);
        }
        return target;
    }

    /** @return true when hard-linked, false when it had to be copied */
    private static boolean link(Path cached, Path target) throws IOException {
        try {
            Files.createLink(target, cached);
            return true;
        } catch (UnsupportedOperationException | FileSystemException e) {
            // cross-device or no hard links here: a copy costs space, not correctness
            Files.copy(cached, target, StandardCopyOption.COPY_ATTRIBUTES);
            return false;
        }
    }

    static void writeActivation(Activation a, Path file) throws IOException {
        // the one YAML writer jconda has (lockfiles, env export): same quoting, bytes that depend on content alone
        YamlWriter out = new YamlWriter().scalar(0, "name", a.name());
        if (a.javaHome() != null) {
            out.scalar(0, "java-home", a.javaHome());
        }
        out.quotedMap(0, "variables", a.variables()).quotedMap(0, "serve", a.serve());
        Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
        // the server reads its defaults from here (--config); flags on the command line win
        StringBuilder conf = new StringBuilder("# from the environment file's serve: section\n");
        a.serve().forEach((k, v) -> conf.append(k).append('=').append(v).append('\n'));
        Files.writeString(file.resolveSibling("serve.conf"), conf, StandardCharsets.UTF_8);
    }

    private static void swapIntoPlace(Path staging, Path prefix) throws IOException {
        Path trash = null;
        if (Files.exists(prefix)) {
            trash = InterruptedReplace.trashFor(prefix);
            Files.move(prefix, trash, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(staging, prefix, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (trash != null) {
                Files.move(trash, prefix, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e instanceof AtomicMoveNotSupportedException
                    ? new IOException("the environments folder does not support atomic renames", e) : e;
        }
        if (trash != null) {
            deleteTree(trash);
        }
    }

    /** Folders left by a create that was killed (SIGKILL runs no cleanup); they never carry the real name. */
    private static void removeStalePartials(Path parent, String name) throws IOException {
        try (Stream<Path> s = Files.list(parent)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith("." + name + ".partial-") || n.startsWith("." + name + InterruptedReplace.REMOVING)) {
                    deleteTree(p);
                }
            }
        }
    }

    private static boolean isEmptyDir(Path p) {
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    public static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> all = new ArrayList<>(walk.toList());
            all.sort(Comparator.reverseOrder());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a later create removes what is left
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
                + e.getMessage();
    }
}
