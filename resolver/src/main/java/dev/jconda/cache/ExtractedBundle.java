package dev.jconda.cache;


import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A native bundle unpacked once in the package cache, whose files are hard-linked into environments. Like a cached
 * archive it is checked cheaply before each use: {@link #MANIFEST} lists every file's size, modification time and
 * checksum as unpacked, files are made read-only, and a bundle whose files no longer match is unpacked again from its
 * (verified) archive. The checksum column serves the full pass ({@code jconda doctor}): a CRC-32C ({@link Crc32c},
 * 8 hex digits), or in a manifest written before jconda recorded that, a sha256 (64 hex digits), which is still
 * checked as such.
 */
public final class ExtractedBundle {
    /** Inside the bundle's folder, so the folder and its manifest appear in one rename; never linked. */
    public static final String MANIFEST = ".jconda-manifest";

    private ExtractedBundle() {
    }

    /** Records the manifest and makes every file read-only; call before the folder is renamed into place. */
    public static void seal(Path dir) throws IOException {
        seal(dir, Map.of());
    }

    /**
     * The same, taking each file's CRC-32C from {@code known} (by its path relative to {@code dir}, {@code /} between
     * names; what the extractor computed as it wrote) and reading only the files it does not name.
     */
    public static void seal(Path dir, Map<String, String> known) throws IOException {
        StringBuilder manifest = new StringBuilder();
        for (Path file : files(dir)) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            perms.removeAll(Set.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.OTHERS_WRITE));
            Files.setPosixFilePermissions(file, perms);
            manifest.append(Files.size(file)).append(' ').append(Files.getLastModifiedTime(file).toMillis())
                    .append(' ').append(crc32c(dir, file, known)).append(' ').append(dir.relativize(file)).append('\n');
        }
        Files.writeString(dir.resolve(MANIFEST), manifest, StandardCharsets.UTF_8);
    }

    private static String crc32c(Path dir, Path file, Map<String, String> known) throws IOException {
        String hex = known.get(relativeName(dir, file));
        return hex != null ? hex : Crc32c.of(file);
    }

    /** Whether {@code file}'s bytes still have the checksum a manifest recorded, by the kind its length says. */
    private static boolean sameBytes(Path file, String recorded) throws IOException {
        return (recorded.length() == Crc32c.HEX_LENGTH ? Crc32c.of(file) : Sha256.of(file)).equals(recorded);
    }

    /** {@code file}'s path under {@code dir} with {@code /} between names, as the manifest's keys are written. */
    public static String relativeName(Path dir, Path file) {
        List<String> names = new ArrayList<>();
        dir.relativize(file).forEach(n -> names.add(n.toString()));
        return String.join("/", names);
    }

    /** Cheap: every file listed is there with its recorded size and time, and nothing was added. */
    public static boolean isIntact(Path dir) {
        return check(dir, false).isEmpty();
    }

    /** Full: the files whose bytes no longer match (or a missing manifest: the whole folder). */
    public static List<Path> corruptFiles(Path dir) {
        return check(dir, true);
    }

    private static List<Path> check(Path dir, boolean hash) {
        List<Path> bad = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve(MANIFEST), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of(dir);
        }
        try {
            for (String line : lines) {
                String[] f = line.split(" ", 4);
                Path file = dir.resolve(f[3]);
                boolean ok = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        && Files.size(file) == Long.parseLong(f[0])
                        && (hash ? sameBytes(file, f[2])
                                : Files.getLastModifiedTime(file).toMillis() == Long.parseLong(f[1]));
                if (!ok) {
                    bad.add(file);
                }
            }
            if (files(dir).size() != lines.size()) {
                bad.add(dir);
            }
        } catch (IOException | RuntimeException e) {
            bad.add(dir);
        }
        return bad;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.equals(dir.resolve(MANIFEST))).sorted().toList();
        }
    }
}
