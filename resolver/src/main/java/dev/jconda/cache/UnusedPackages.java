package dev.jconda.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Cache entries no environment uses ({@code jconda clean --pkgs}, as conda's). Environments hard-link their files
 * from the cache, so an entry is in use exactly when one of its files has a second link; an environment on another
 * file system holds copies, and cleaning costs it nothing but a later download.
 */
public final class UnusedPackages {
    private UnusedPackages() {
    }

    /** The {@code pkgs/<key>} folders whose files are linked nowhere else. */
    public static List<Path> in(Path pkgs) throws IOException {
        if (!Files.isDirectory(pkgs)) {
            return List.of();
        }
        try (Stream<Path> keys = Files.list(pkgs)) {
            return keys.filter(Files::isDirectory).filter(UnusedPackages::unused).sorted().toList();
        }
    }

    private static boolean unused(Path entry) {
        try (Stream<Path> walk = Files.walk(entry)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .allMatch(p -> links(p) <= 1);
        } catch (IOException e) {
            return false;
        }
    }

    private static int links(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return Integer.MAX_VALUE; // cannot tell: keep it
        }
    }
}
