package dev.jconda.cli.workflow;

import dev.jconda.locking.Progress;

import dev.jconda.locking.Futures;

import dev.jconda.cache.ByteSize;
import dev.jconda.cache.PackageCache;
import dev.jconda.lock.LockFile;
import dev.jconda.lock.LockedPackage;
import dev.jconda.platform.Platform;
import dev.jconda.prefix.Activation;
import dev.jconda.prefix.ArchiveExtractor;
import dev.jconda.prefix.EarlyUnzip;
import dev.jconda.prefix.InstallError;
import dev.jconda.prefix.InstallProgress;
import dev.jconda.prefix.PrefixInstaller;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * lock → cache → prefix: makes sure every locked file is in the package cache with its checksum (fetching what is
 * missing by its URL), then hands the set to the installer. Never solves and never reads Maven metadata.
 */
public final class EnvironmentBuilder {
    private final PackageCache cache;
    private final PrefixInstaller installer;
    private final PreparedBundles prepared;
    private final Natives natives;

    /**
     * @param prepared where native zips inflated while they download go, for the installer's extractor to take
     * @param natives  the installer's extractor ({@link Natives#extractor()}), which this has unpack each bundle into
     *                 the package cache as soon as it has arrived
     */
    EnvironmentBuilder(PackageCache cache, PrefixInstaller installer, PreparedBundles prepared, Natives natives) {
        this.cache = cache;
        this.installer = installer;
        this.prepared = prepared;
        this.natives = natives;
    }

    public List<LockedPackage> create(LockFile lock, Platform platform, Path prefix, Activation activation,
                                      boolean force, boolean offline, List<PrefixInstaller.Tool> tools) {
        return create(lock, platform, prefix, activation, force, offline, tools, Progress.NONE);
    }

    public List<LockedPackage> create(LockFile lock, Platform platform, Path prefix, Activation activation,
                                      boolean force, boolean offline, List<PrefixInstaller.Tool> tools,
                                      Progress progress) {
        List<LockedPackage> packages = lock.packages(platform.subdir()).orElseThrow(() -> new InstallError(
                "the lockfile has no packages for " + platform.subdir() + " (it has "
                        + String.join(", ", lock.platforms().keySet()) + "); run `jconda lock -p "
                        + platform.subdir() + "`"));
        try {
            Map<String, Path> files = fetch(packages, offline, progress);
            LockFile installed = lock.onlyPlatform(platform.subdir(), packages);
            installer.install(new PrefixInstaller.Plan(prefix, packages, files, installed, activation, force, tools),
                    steps(progress));
            return packages;
        } finally {
            prepared.close(); // what was inflated early and not used
        }
    }

    /**
     * The download phase: every file the lock names into the package cache. Its line says how much came over the
     * network and how fast, apart from what was already cached (a re-create downloads nothing).
     */
    private Map<String, Path> fetch(List<LockedPackage> packages, boolean offline, Progress progress) {
        Map<String, Path> files = new HashMap<>();
        List<LockedPackage> withFiles = packages.stream().filter(LockedPackage::hasFile).toList();
        long bytes = withFiles.stream().mapToLong(LockedPackage::size).sum();
        AtomicInteger downloaded = new AtomicInteger();
        AtomicLong downloadedBytes = new AtomicLong();
        long started = System.nanoTime();
        progress.started("download", withFiles.size(), bytes);
        // largest first, a few at a time: the largest file decides when the phase ends, and every file at once
        // would start a TLS handshake each, on the CPU that file's download needs (DownloadPolicy.fetchThreads)
        List<LockedPackage> largestFirst = withFiles.stream()
                .sorted(Comparator.comparingLong(LockedPackage::size).reversed()).toList();
        // The bundles unpacked once they arrive download first, and the other files only after they have all
        // arrived, so that the unpacking goes on while the link is still busy with the rest instead of after its last
        // byte. libtorch's last 5 MB inflate to 73 MB: that tail, and sealing and moving its folder, had taken
        // 0.2 s after the last byte at 50 MB/s; with the jars after it, 0.1 s (bench/README.md, ninth round).
        List<LockedPackage> unpackedFirst = largestFirst.stream().filter(p -> p.install().unpacked()).toList();
        List<LockedPackage> linkedAfter = largestFirst.stream().filter(p -> !p.install().unpacked()).toList();
        int threads = Math.min(cache.transport().policy().fetchThreads(), Math.max(1, withFiles.size()));
        // platform threads: a package's body is read from a blocking socket, which on a virtual thread would start the
        // JDK's poller thread, and that thread, waiting in epoll_wait, holds the JVM's exit up for 300 ms. The
        // bundles are unpacked on a thread of their own, so that no download waits for a download thread to unpack;
        // closed last, it is waited for: the installer finds every bundle unpacked.
        try (ExecutorService unpacking = Executors.newSingleThreadExecutor(
                     Thread.ofPlatform().daemon().name("jconda-unpack-ahead").factory());
             ExecutorService pool = Executors.newFixedThreadPool(threads,
                     Thread.ofPlatform().daemon().name("jconda-fetch-", 0).factory())) {
            Map<LockedPackage, Future<Path>> futures = new IdentityHashMap<>();
            try {
                for (LockedPackage p : unpackedFirst) {
                    futures.put(p, pool.submit(() -> fetchOne(p, offline, progress, downloaded, downloadedBytes,
                            unpacking)));
                }
                for (LockedPackage p : unpackedFirst) {
                    Futures.get(futures.get(p)); // arrived, or the create ends here with its error
                }
                // the bundles are all here (and unpacking): the rest may have the link
                for (LockedPackage p : linkedAfter) {
                    futures.put(p, pool.submit(() -> fetchOne(p, offline, progress, downloaded, downloadedBytes,
                            unpacking)));
                }
                for (LockedPackage p : withFiles) {
                    files.put(p.cacheKey(), Futures.get(futures.get(p)));
                }
            } catch (RuntimeException | Error failed) {
                // the files still queued are not started for a create that has failed; those under way finish
                // into the cache, for the next try
                futures.values().forEach(f -> f.cancel(false));
                throw failed;
            }
        }
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        int fromCache = withFiles.size() - downloaded.get();
        progress.finished(withFiles.size() + " files, " + ByteSize.human(bytes) + ": " + (downloaded.get() == 0
                ? "all in the package cache"
                : downloaded.get() + " downloaded (" + ByteSize.human(downloadedBytes.get()) + ", "
                + ByteSize.human((long) (downloadedBytes.get() / seconds)) + "/s)"
                + (fromCache == 0 ? "" : ", " + fromCache + " from the package cache")));
        return files;
    }

    /**
     * A file of the lock into the cache (from the cache if it is there); a bundle is then handed to {@code unpacking}
     * to be unpacked there too ({@link Natives#unpackAhead}).
     */
    private Path fetchOne(LockedPackage p, boolean offline, Progress progress, AtomicInteger downloaded,
                          AtomicLong downloadedBytes, ExecutorService unpacking) {
        PackageCache.Expected expected = new PackageCache.Expected(p.sha256(), p.sha1(), p.sha512());
        Optional<Path> cached = cache.find(expected, p.file());
        Path file = cached.isPresent() ? cached.get() : download(p, expected, offline);
        if (cached.isEmpty()) {
            downloaded.incrementAndGet();
            downloadedBytes.addAndGet(p.size());
        }
        progress.fileDone(p.size());
        if (p.install().unpacked()) {
            unpacking.execute(() -> natives.unpackAhead(file, p.extract()));
        }
        return file;
    }

    /**
     * Downloads a file into the cache. A native bundle that is a zip (libtorch's jar) is inflated while it downloads
     * ({@link EarlyUnzip}), and what that prepared is kept for the extract phase once the file is verified.
     */
    private Path download(LockedPackage p, PackageCache.Expected expected, boolean offline) {
        boolean zip = p.file().endsWith(".jar") || p.file().endsWith(".zip");
        if (p.install() != LockedPackage.Install.NATIVE || !zip) {
            return cache.ensure(expected, p.file(), localCopy(p), p.url(), offline);
        }
        EarlyUnzip early = new EarlyUnzip(cache.pathOf(expected.key(), p.file()).getParent(),
                ArchiveExtractor.Limits.DEFAULT);
        boolean kept = false;
        try {
            Path file = cache.ensure(expected, p.file(), localCopy(p), p.url(), offline, early);
            prepared.put(file, early);
            kept = true;
            return file;
        } finally {
            if (!kept) {
                early.close();
            }
        }
    }

    /** The installer's steps shown as phases of their own: extract, then link. */
    private static InstallProgress steps(Progress progress) {
        return new InstallProgress() {
            @Override
            public void started(Step step, int files, long bytes) {
                progress.started(step.label(), files, bytes);
            }

            @Override
            public void fileDone(long bytes) {
                progress.fileDone(bytes);
            }

            @Override
            public void finished(Step step, String summary) {
                progress.finished(summary);
            }
        };
    }

    /** A {@code file://} URL is already local: the cache copies it instead of "downloading" it. */
    private static Optional<Path> localCopy(LockedPackage p) {
        if (p.url().startsWith("file:")) {
            Path path = Path.of(URI.create(p.url()));
            return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
        }
        return Optional.empty();
    }
}
