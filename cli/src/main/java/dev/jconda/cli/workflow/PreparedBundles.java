package dev.jconda.cli.workflow;

import dev.jconda.prefix.EarlyUnzip;
import dev.jconda.prefix.PreparedEntries;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The native bundles of one create that were inflated while they downloaded ({@link EarlyUnzip}), by the verified
 * file in the package cache: a download puts one in, unpacking the bundle (as soon as it has arrived, or else in the
 * extract phase) takes what it prepared, and whatever is left is deleted when the create ends.
 */
final class PreparedBundles implements AutoCloseable {
    private final Map<Path, EarlyUnzip> byArchive = new ConcurrentHashMap<>();

    /** {@code archive} is verified, and {@code early} saw the bytes it was verified from. */
    void put(Path archive, EarlyUnzip early) {
        EarlyUnzip before = byArchive.put(archive, early);
        if (before != null) {
            before.close();
        }
    }

    /** What was prepared for {@code archive}; none when it was not downloaded by this create. */
    PreparedEntries entriesFor(Path archive) throws InterruptedException {
        EarlyUnzip early = byArchive.get(archive);
        return early == null ? PreparedEntries.NONE : early.prepared();
    }

    /** The archive is unpacked (or failed to): what its early unzip prepared and nobody took is deleted. */
    void done(Path archive) {
        EarlyUnzip early = byArchive.remove(archive);
        if (early != null) {
            early.close();
        }
    }

    @Override
    public void close() {
        for (Path archive : List.copyOf(byArchive.keySet())) {
            done(archive);
        }
    }
}
