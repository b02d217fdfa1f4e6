package dev.jconda.cli.workflow;

import dev.jconda.locking.Progress;

import dev.jconda.locking.Futures;

import dev.jconda.cache.PackageCache;
import dev.jconda.lock.LockFile;
import dev.jconda.lock.LockedPackage;
import dev.jconda.platform.Platform;
import dev.jconda.prefix.Activation;
import dev.jconda.prefix.InstallError;
import dev.jconda.prefix.PrefixInstaller;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * lock → cache → prefix: makes sure every locked file is in the package cache with its checksum (fetching what is
 * missing by its URL), then hands the set to the installer. Never solves and never reads Maven metadata.
 */
public final class EnvironmentBuilder {
    private final PackageCache cache;
    private final PrefixInstaller installer;

    public EnvironmentBuilder(PackageCache cache, PrefixInstaller installer) {
        this.cache = cache;
        this.installer = installer;
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
        Map<String, Path> files = new HashMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Path>> futures = new ArrayList<>();
            List<LockedPackage> withFiles = packages.stream().filter(LockedPackage::hasFile).toList();
            long bytes = withFiles.stream().mapToLong(LockedPackage::size).sum();
            progress.started("fetch", withFiles.size(), bytes);
            for (LockedPackage p : withFiles) {
                futures.add(pool.submit(() -> {
                    Path file = cache.ensure(new PackageCache.Expected(p.sha256(), p.sha1(), p.sha512()), p.file(),
                            localCopy(p), p.url(), offline);
                    progress.fileDone(p.size());
                    return file;
                }));
            }
            for (int i = 0; i < withFiles.size(); i++) {
                files.put(withFiles.get(i).cacheKey(), Futures.get(futures.get(i)));
            }
            progress.finished(withFiles.size() + " files, " + String.format(java.util.Locale.ROOT, "%.1f MiB",
                    bytes / 1048576.0) + ", in the package cache");
        }
        LockFile installed = lock.onlyPlatform(platform.subdir(), packages);
        progress.started("install", -1);
        installer.install(new PrefixInstaller.Plan(prefix, packages, files, installed, activation, force, tools));
        progress.finished(packages.size() + " packages extracted and linked into " + prefix);
        return packages;
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
