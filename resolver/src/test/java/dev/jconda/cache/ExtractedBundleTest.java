package dev.jconda.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unpacked bundle's manifest: the cheap check before each use (sizes and times) and the full one of
 * {@code jconda doctor} (checksums), for manifests written now (CRC-32C) and before (sha256).
 */
class ExtractedBundleTest {
    @TempDir
    Path work;

    private Path bundle() throws Exception {
        Path dir = Files.createDirectories(work.resolve("extracted"));
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/libtorch.so"), "the library's bytes", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("VERSION"), "2.5.1", StandardCharsets.UTF_8);
        return dir;
    }

    /** Changes one byte, keeping the size and the modification time: only the checksums can tell. */
    private static void flipKeepingTime(Path file) throws Exception {
        FileTime time = Files.getLastModifiedTime(file);
        file.toFile().setWritable(true);
        byte[] bytes = Files.readAllBytes(file);
        bytes[0] ^= 1;
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, time);
    }

    @Test
    void theManifestRecordsEachFilesCrc32cAndDoctorFindsAChangedByte() throws Exception {
        Path dir = bundle();
        ExtractedBundle.seal(dir, Map.of("VERSION", Crc32c.of("2.5.1".getBytes(StandardCharsets.UTF_8))));
        List<String> lines = Files.readAllLines(dir.resolve(ExtractedBundle.MANIFEST));
        assertEquals(List.of(
                "5 " + Files.getLastModifiedTime(dir.resolve("VERSION")).toMillis() + " "
                        + Crc32c.of("2.5.1".getBytes(StandardCharsets.UTF_8)) + " VERSION",
                "19 " + Files.getLastModifiedTime(dir.resolve("lib/libtorch.so")).toMillis() + " "
                        + Crc32c.of(dir.resolve("lib/libtorch.so")) + " lib/libtorch.so"), lines);
        assertEquals(List.of(), ExtractedBundle.corruptFiles(dir));

        flipKeepingTime(dir.resolve("lib/libtorch.so"));
        assertTrue(ExtractedBundle.isIntact(dir), "the cheap check sees the same size and time");
        assertEquals(List.of(dir.resolve("lib/libtorch.so")), ExtractedBundle.corruptFiles(dir));
    }

    @Test
    void aManifestWrittenWithSha256IsStillCheckedAsSuch() throws Exception {
        Path dir = bundle();
        Path library = dir.resolve("lib/libtorch.so");
        Path version = dir.resolve("VERSION");
        Files.writeString(dir.resolve(ExtractedBundle.MANIFEST),
                Files.size(version) + " " + Files.getLastModifiedTime(version).toMillis() + " " + Sha256.of(version)
                        + " VERSION\n"
                        + Files.size(library) + " " + Files.getLastModifiedTime(library).toMillis() + " "
                        + Sha256.of(library) + " lib/libtorch.so\n");
        assertEquals(List.of(), ExtractedBundle.corruptFiles(dir));

        flipKeepingTime(version);
        assertEquals(List.of(version), ExtractedBundle.corruptFiles(dir));
    }
}
