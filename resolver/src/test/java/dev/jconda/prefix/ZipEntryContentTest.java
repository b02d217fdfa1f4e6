package dev.jconda.prefix;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A zip entry's bytes as {@link ArchiveExtractor} reads them: deflated entries inflated from their raw bytes in large
 * steps, every other entry as Commons Compress reads it. The zips are written by {@code java.util.zip}, which puts
 * a deflated entry's sizes in a data descriptor after its bytes, as the jars on Maven Central have them.
 */
class ZipEntryContentTest {
    @TempDir
    Path work;

    /** Text that deflates to about a third, as native libraries do; the same for the same seed. */
    static byte[] text(int bytes, long seed) {
        StringBuilder s = new StringBuilder();
        Random random = new Random(seed);
        while (s.length() < bytes) {
            s.append(Long.toString(random.nextLong(), 36)).append(random.nextInt(7) == 0 ? "\n" : " ");
        }
        return s.substring(0, bytes).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] noise(int bytes) {
        byte[] b = new byte[bytes];
        new Random(3).nextBytes(b);
        return b;
    }

    private Path zip(Map<String, byte[]> deflated, Map<String, byte[]> stored) throws IOException {
        Path archive = work.resolve("bundle.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            for (var e : deflated.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
            }
            for (var e : stored.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(e.getValue());
            }
        }
        return archive;
    }

    @Test
    void everyEntryReadsBackExactlyDeflatedOrStored() throws IOException {
        Map<String, byte[]> deflated = new LinkedHashMap<>();
        deflated.put("empty.txt", new byte[0]);
        deflated.put("small.txt", "hello".getBytes(StandardCharsets.UTF_8));
        deflated.put("lib/libbig.so", text((3 << 20) + 777, 5)); // several of the inflater's 1 MiB steps
        deflated.put("lib/random.bin", noise(1 << 20)); // does not shrink: deflate stores it in raw blocks
        Map<String, byte[]> stored = Map.of("stored.bin", text(200_000, 9));
        Path archive = zip(deflated, stored);
        Map<String, byte[]> all = new LinkedHashMap<>(deflated);
        all.putAll(stored);
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            for (var e : all.entrySet()) {
                ZipArchiveEntry entry = zip.getEntry(e.getKey());
                try (InputStream in = ZipEntryContent.open(zip, entry)) {
                    assertArrayEquals(e.getValue(), in.readAllBytes(), e.getKey());
                    assertEquals(-1, in.read(), "nothing after the entry's end: " + e.getKey());
                }
            }
        }
    }

    @Test
    void aDeflatedEntryWhoseBytesAreDamagedIsAnErrorAndNothingIsLeft() throws IOException {
        byte[] content = text(2 << 20, 13);
        Path archive = zip(Map.of("lib/libbig.so", content), Map.of());
        byte[] bytes = Files.readAllBytes(archive);
        long dataOffset;
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            dataOffset = zip.getEntry("lib/libbig.so").getDataOffset();
        }
        // damage the deflated stream a little way in: the block structure no longer decodes
        for (int i = 0; i < 64; i++) {
            bytes[(int) dataOffset + 1000 + i] ^= (byte) 0x5a;
        }
        Files.write(archive, bytes);
        Path into = work.resolve("env/lib/native");
        Files.createDirectories(into.getParent());
        IOException e = assertThrows(IOException.class,
                () -> new ArchiveExtractor().extract(ArchiveExtractor.Request.of(archive, into)));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), String.valueOf(e));
        assertFalse(Files.exists(into), "nothing half-written");
        try (var left = Files.list(work.resolve("env/lib"))) {
            assertEquals(java.util.List.of(), left.toList(), "no staging folder left beside it");
        }
    }
}
