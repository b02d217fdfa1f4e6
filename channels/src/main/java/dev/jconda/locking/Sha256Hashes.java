package dev.jconda.locking;

import dev.jconda.cache.PackageCache;
import dev.jconda.lock.ChecksumSource;
import dev.jconda.lock.LockFile;
import dev.jconda.lock.LockedPackage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code jconda lock --hashes sha256}: every file of a lock recorded by its sha256, for users whose tools check
 * sha256 only. The repositories publish sha1 or sha512, so each file is downloaded (checked against what its
 * repository publishes on the way in) and hashed. The downloads land in the package cache, so the {@code env create}
 * that follows downloads nothing again.
 */
public final class Sha256Hashes {
    private final PackageCache cache;
    private final boolean offline;
    private final Progress progress;

    public Sha256Hashes(PackageCache cache, boolean offline, Progress progress) {
        this.cache = cache;
        this.offline = offline;
        this.progress = progress;
    }

    public LockFile apply(LockFile lock) {
        Map<String, List<LockedPackage>> hashed = new TreeMap<>();
        for (Map.Entry<String, List<LockedPackage>> platform : lock.platforms().entrySet()) {
            List<LockedPackage> packages = platform.getValue();
            List<LockedPackage> toHash = packages.stream().filter(Sha256Hashes::needsHash).toList();
            progress.started("hash", toHash.size(), toHash.stream().mapToLong(LockedPackage::size).sum());
            // platform threads, as for env create's downloads: blocking socket reads on virtual threads start the
            // JDK's poller thread, whose wait in epoll_wait holds the JVM's exit up for 300 ms
            try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory())) {
                List<Future<LockedPackage>> futures = new ArrayList<>();
                for (LockedPackage p : packages) {
                    futures.add(pool.submit(() -> needsHash(p) ? hashed(p) : p));
                }
                List<LockedPackage> out = new ArrayList<>();
                for (Future<LockedPackage> f : futures) {
                    out.add(Futures.get(f));
                }
                hashed.put(platform.getKey(), out);
            }
            progress.finished(packages.size() + " packages by sha256 for " + platform.getKey());
        }
        return lock.withPlatforms(hashed);
    }

    private static boolean needsHash(LockedPackage p) {
        return p.hasFile() && p.sha256().isEmpty();
    }

    private LockedPackage hashed(LockedPackage p) {
        Path published = cache.ensure(new PackageCache.Expected("", p.sha1(), p.sha512()), p.file(),
                Optional.empty(), p.url(), offline);
        PackageCache.Entry entry = cache.alsoBySha256(published, p.file());
        progress.fileDone(p.size());
        return p.withSha256(entry.sha256(), entry.size());
    }
}
