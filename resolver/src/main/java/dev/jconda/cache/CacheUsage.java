package dev.jconda.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What jconda's caches hold on disk: the package cache ({@code pkgs/}, the files environments link to) and the
 * metadata beside it (POMs, version lists, channel indexes, remembered checksums). A file with several names (hard
 * links: an entry filed under two checksums, or linked into environments) is counted once, as {@code du} does. In
 * the package cache only the entries count: the stamps and temporaries beside them (names starting with a dot) are
 * jconda's bookkeeping of a few bytes each.
 *
 * @param packageBytes  bytes of the package cache's files
 * @param packageFiles  how many distinct files it holds
 * @param metadataBytes bytes of the metadata caches
 */
public record CacheUsage(long packageBytes, long packageFiles, long metadataBytes) {

    /** Measures {@code pkgs} and the metadata folder ({@code cache/}); a folder that does not exist is empty. */
    public static CacheUsage measure(Path pkgs, Path metadata) {
        Tally packages = Tally.of(pkgs, true);
        return new CacheUsage(packages.bytes, packages.files, Tally.of(metadata, false).bytes);
    }

    private static final class Tally {
        long bytes;
        long files;

        static Tally of(Path root, boolean entriesOnly) {
            Tally tally = new Tally();
            Set<Object> seen = new HashSet<>();
            try (Stream<Path> all = Files.walk(root)) {
                all.forEach(p -> {
                    try {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                        Object key = a.fileKey() != null ? a.fileKey() : p;
                        boolean bookkeeping = entriesOnly && p.getFileName().toString().startsWith(".");
                        if (a.isRegularFile() && !bookkeeping && seen.add(key)) {
                            tally.bytes += a.size();
                            tally.files++;
                        }
                    } catch (NoSuchFileException gone) {
                        // removed while walking (a clean in another process): not there to count
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (NoSuchFileException e) {
                return tally;
            } catch (IOException | UncheckedIOException e) {
                throw new CacheError("cannot measure " + root + ": " + e.getMessage(), e);
            }
            return tally;
        }
    }
}
