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
 * sha256 as unpacked, files are made read-only, and a bundle whose files no longer match is unpacked again from its
 * (verified) archive. The sha256 column serves the full pass ({@code jconda doctor}).
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
     * The same, taking each file's sha256 from {@code known} (by its path relative to {@code dir}, {@code /} between
     * names; what the extractor hashed as it wrote) and reading only the files it does not name.
     */
    public static void seal(Path dir, Map<String, String> known) throws IOException {
        StringBuilder manifest = new StringBuilder();
        for (Path file : files(dir)) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            perms.removeAll(Set.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.OTHERS_WRITE));
            Files.setPosixFilePermissions(file, perms);
            manifest.append(Files.size(file)).append(' ').append(Files.getLastModifiedTime(file).toMillis())
                    .append(' ').append(sha256(dir, file, known)).append(' ').append(dir.relativize(file)).append('\n');
        }
        Files.writeString(dir.resolve(MANIFEST), manifest, StandardCharsets.UTF_8);
    }

    private static String sha256(Path dir, Path file, Map<String, String> known) throws IOException {
        String hex = known.get(relativeName(dir, file));
        return hex != null ? hex : Sha256.of(file);
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
                        && (hash ? Sha256.of(file).equals(f[2])
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
