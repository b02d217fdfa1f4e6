package dev.jconda.cli.workflow;

import dev.jconda.cache.Sha256;
import dev.jconda.prefix.ArchiveExtractor;
import dev.jconda.prefix.PreparedEntries;
import dev.jconda.cache.ExtractedBundle;
import dev.jconda.prefix.InstallError;
import dev.jconda.prefix.PrefixInstaller;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The extractor the installer uses for native bundles: the safe one, which never writes outside its destination.
 * A bundle is unpacked once, next to its archive in the package cache, and its files are hard-linked into each
 * environment's {@code lib/native} (as conda links from {@code pkgs/}): libtorch is 440 MB unpacked, and a second
 * environment should cost neither the time nor the space. Several bundles share {@code lib/native} (DJL wants
 * libtorch and its JNI library in one folder); two that bring different files of one name are an error.
 */
public final class Natives {
    private final ArchiveExtractor extractor = new ArchiveExtractor();
    private final PreparedBundles prepared;

    /** @param prepared bundles of this create inflated while they downloaded: unpacking them moves files instead */
    Natives(PreparedBundles prepared) {
        this.prepared = prepared;
    }

    /** For the installer: the bundle unpacked in the package cache (unless it is already), then linked. */
    PrefixInstaller.NativeExtractor extractor() {
        return (archive, innerPrefix, destination) -> link(unpacked(archive, innerPrefix), destination, archive);
    }

    /**
     * Unpacks a bundle into the package cache as soon as it has arrived, while other files still download, so that
     * the installer finds it there. Never throws: whatever goes wrong here (an unsafe archive, a full disk), the
     * installer meets again when it unpacks the bundle itself, and reports it there as it always has.
     */
    void unpackAhead(Path archive, String innerPrefix) {
        try {
            unpacked(archive, innerPrefix);
        } catch (IOException | RuntimeException e) {
            // left to the installer, see above
        }
    }

    /** The bundle's folder beside its archive in the package cache, unpacked now if it is missing or changed. */
    private Path unpacked(Path archive, String innerPrefix) throws IOException {
        String inner = innerPrefix == null ? "" : innerPrefix;
        Path unpacked = archive.resolveSibling("extracted-"
                + Sha256.of(inner.getBytes(StandardCharsets.UTF_8)).substring(0, 16));
        if (Files.isDirectory(unpacked) && !ExtractedBundle.isIntact(unpacked)) {
            // a file changed after unpacking (a write through a hard link, a flipped byte): unpack again
            Path aside = unpacked.resolveSibling("." + unpacked.getFileName() + ".corrupt-" + UUID.randomUUID());
            moveAside(unpacked, aside);
            PrefixInstaller.deleteTree(aside);
        }
        try {
            if (!Files.isDirectory(unpacked)) {
                unpack(extractor, archive, inner, unpacked, prepared.entriesFor(archive));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while unpacking " + archive.getFileName());
        } finally {
            prepared.done(archive);
        }
        return unpacked;
    }

    /**
     * Unpacks into a folder of its own and renames it into place: two creates that need the same bundle at once each
     * unpack, one rename wins, and the other uses the winner's folder.
     */
    private static void unpack(ArchiveExtractor extractor, Path archive, String inner, Path unpacked,
                               PreparedEntries prepared) throws IOException {
        Path mine = unpacked.resolveSibling("." + unpacked.getFileName() + ".partial-" + UUID.randomUUID());
        try {
            ArchiveExtractor.Request request = ArchiveExtractor.Request.of(archive, mine).withPrepared(prepared);
            if (!inner.isEmpty()) {
                request = request.under(inner);
            }
            // the extractor checksummed every file as it wrote it: the manifest needs no second pass over libtorch
            ExtractedBundle.seal(mine, extractor.extract(request).crc32c());
            try {
                Files.move(mine, unpacked, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException lost) {
                if (!Files.isDirectory(unpacked)) {
                    throw lost;
                }
                // another process renamed its copy first: same archive, same files
            }
        } finally {
            PrefixInstaller.deleteTree(mine);
        }
    }

    private static void moveAside(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.NoSuchFileException gone) {
            // another process moved it first
        }
    }

    private static void link(Path from, Path into, Path archive) throws IOException {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(from)) {
            entries = walk.filter(p -> !p.equals(from) && !p.equals(from.resolve(ExtractedBundle.MANIFEST))).sorted(Comparator.comparing(Path::getNameCount)).toList();
        }
        for (Path source : entries) {
            Path target = into.resolve(from.relativize(source).toString());
            if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(target);
            } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.mismatch(source, target) != -1) {
                    throw new InstallError(archive.getFileName() + " brings " + into.relativize(target)
                            + ", which another native bundle of the environment already installed differently");
                }
            } else if (Files.isSymbolicLink(source)) {
                // validated by the extractor to stay inside the bundle; the same relative layout keeps it inside
                Files.createSymbolicLink(target, Files.readSymbolicLink(source));
            } else {
                try {
                    Files.createLink(target, source);
                } catch (UnsupportedOperationException | FileSystemException e) {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
