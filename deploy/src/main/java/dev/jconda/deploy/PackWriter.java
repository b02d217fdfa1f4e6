package dev.jconda.deploy;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes a pack: one tar archive (gzip or zstd by the file's name) of a deployment's files with no top-level folder,
 * as conda-pack's are: {@code mkdir env && tar -xzf env.tar.gz -C env}. Owners, times and order are fixed, so the
 * same environment packs to the same bytes. Written beside the target and renamed into place: a failed pack leaves
 * no file.
 */
public final class PackWriter {
    /** 1980-01-01, as Jib and reproducible-builds tools use: a fixed time that zip and tar both accept. */
    static final FileTime FIXED_TIME = FileTime.fromMillis(315532800000L);

    public enum Compression {
        GZIP, ZSTD, NONE;

        public static Compression forFile(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
                return GZIP;
            }
            if (name.endsWith(".tar.zst")) {
                return ZSTD;
            }
            if (name.endsWith(".tar")) {
                return NONE;
            }
            throw DeployError.badInput(file + ": name the pack .tar.gz, .tgz, .tar.zst or .tar");
        }
    }

    public long write(DeploymentFiles files, Path out) {
        Compression compression = Compression.forFile(out);
        Path target = out.toAbsolutePath();
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(target.getParent());
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
                 OutputStream compressed = compress(file, compression);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                Set<String> dirs = new TreeSet<>();
                for (DeploymentFiles.Entry e : files.all()) {
                    addParents(tar, e.target(), dirs);
                    TarArchiveEntry entry = new TarArchiveEntry(e.target());
                    entry.setSize(Files.size(e.source()));
                    entry.setMode(e.executable() ? 0100755 : 0100644);
                    fix(entry);
                    tar.putArchiveEntry(entry);
                    Files.copy(e.source(), tar);
                    tar.closeArchiveEntry();
                }
                tar.finish();
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Files.size(target);
        } catch (IOException e) {
            throw DeployError.failed("cannot write " + out + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // best effort; the name says what it is
            }
        }
    }

    private static OutputStream compress(OutputStream out, Compression compression) throws IOException {
        return switch (compression) {
            case GZIP -> {
                GzipParameters parameters = new GzipParameters();
                parameters.setCompressionLevel(1);   // libtorch barely shrinks further at 6, at four times the time
                parameters.setModificationTime(0);
                yield new GzipCompressorOutputStream(out, parameters);
            }
            case ZSTD -> new com.github.luben.zstd.ZstdOutputStream(out, 3);
            case NONE -> out;
        };
    }

    private static void addParents(TarArchiveOutputStream tar, String target, Set<String> done) throws IOException {
        int slash = target.indexOf('/');
        while (slash > 0) {
            String dir = target.substring(0, slash + 1);
            if (done.add(dir)) {
                TarArchiveEntry entry = new TarArchiveEntry(dir);
                entry.setMode(040755);
                fix(entry);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            slash = target.indexOf('/', slash + 1);
        }
    }

    private static void fix(TarArchiveEntry entry) {
        entry.setModTime(FIXED_TIME);
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("");
        entry.setGroupName("");
    }
}
