package dev.jconda.prefix;

import dev.jconda.cache.DownloadTap;
import dev.jconda.cache.Crc32c;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A zip's entries inflated from its bytes as they arrive (in uneven chunks, as a download delivers them), then
 * unpacked by {@link ArchiveExtractor} from the whole file: the result is exactly what unpacking the file alone
 * gives, the large entries are moved into place rather than inflated again, and nothing is left beside the archive.
 */
class EarlyUnzipTest {
    @TempDir
    Path work;

    /** Large and small entries, a directory, and a large stored one, as native bundles have them. */
    private static Map<String, byte[]> bundle() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("pytorch/cpu/libsmall.so", ZipEntryContentTest.text(5_000, 1));
        files.put("pytorch/cpu/libbig.so", ZipEntryContentTest.text((9 << 20) + 4321, 2)); // over WriteBehind.MIN_BYTES
        files.put("pytorch/cpu/libmid.so", ZipEntryContentTest.text((1 << 20) + 17, 3));
        files.put("native/lib/pytorch.properties", "version=2.5.1\n".getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** Written by Commons Compress: sizes in every local header, as the jars on Maven Central have them. */
    private Path sizesInHeaders(String name, Map<String, byte[]> files, boolean zip64) throws IOException {
        Path archive = work.resolve(name);
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(archive)) {
            zip.setUseZip64(zip64 ? Zip64Mode.Always : Zip64Mode.Never);
            zip.putArchiveEntry(new ZipArchiveEntry("pytorch/"));
            zip.closeArchiveEntry();
            for (var e : files.entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeArchiveEntry();
            }
        }
        return archive;
    }

    /** Written by java.util.zip to a stream: every deflated entry's sizes in a data descriptor after its bytes. */
    private Path dataDescriptors(String name, Map<String, byte[]> files) throws IOException {
        Path archive = work.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            for (var e : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
            }
        }
        return archive;
    }

    /** The file one download attempt writes. */
    private Path download() {
        return work.resolve(".download-attempt.tmp");
    }

    /** The archive's first {@code upTo} bytes written to the attempt's file as a download writes them: in chunks. */
    private void feed(DownloadTap.Attempt attempt, byte[] bytes, int upTo, long seed) throws IOException {
        Random random = new Random(seed);
        try (var out = Files.newOutputStream(download())) {
            for (int at = 0; at < upTo; ) {
                int n = Math.min(upTo - at, 1 + random.nextInt(40_000));
                out.write(bytes, at, n);
                at += n;
                attempt.written(at);
            }
        }
    }

    private Map<String, byte[]> unpacked(Path into) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(into)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.put(into.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private List<Path> leftBeside(Path archive) throws IOException {
        try (Stream<Path> s = Files.list(archive.getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith(".inflated-")).toList();
        }
    }

    private void unpacksExactlyAsWithout(Path archive, int preparedAtLeast) throws Exception {
        byte[] bytes = Files.readAllBytes(archive);
        Path plain = work.resolve("plain-" + archive.getFileName());
        ArchiveExtractor.Result expected = new ArchiveExtractor().extract(ArchiveExtractor.Request.of(archive, plain));

        try (EarlyUnzip early = new EarlyUnzip(archive.getParent(), ArchiveExtractor.Limits.DEFAULT)) {
            DownloadTap.Attempt attempt = early.begin(download());
            feed(attempt, bytes, bytes.length, 42);
            attempt.ended();
            PreparedEntries prepared = early.prepared();
            Path folder = leftBeside(archive).getFirst();
            try (Stream<Path> s = Files.list(folder)) {
                assertTrue(s.count() >= preparedAtLeast, "entries inflated early in " + folder);
            }
            Path into = work.resolve("early-" + archive.getFileName());
            ArchiveExtractor.Result result = new ArchiveExtractor().extract(
                    ArchiveExtractor.Request.of(archive, into).withPrepared(prepared));
            assertEquals(expected.crc32c(), result.crc32c(), archive.toString());
            assertEquals(expected.files(), result.files());
            Map<String, byte[]> want = unpacked(plain);
            Map<String, byte[]> got = unpacked(into);
            assertEquals(want.keySet(), got.keySet());
            want.forEach((name, content) -> assertArrayEquals(content, got.get(name), name));
            try (Stream<Path> s = Files.list(folder)) {
                assertTrue(s.count() <= 2, "the large entries were moved out, not copied: " + folder);
            }
        }
        assertEquals(List.of(), leftBeside(archive), "nothing left beside the archive once closed");
    }

    @Test
    void sizesInLocalHeaders() throws Exception {
        unpacksExactlyAsWithout(sizesInHeaders("cc.jar", bundle(), false), 2);
    }

    @Test
    void zip64LocalHeaders() throws Exception {
        unpacksExactlyAsWithout(sizesInHeaders("zip64.jar", bundle(), true), 2);
    }

    @Test
    void dataDescriptorsAfterEachEntry() throws Exception {
        unpacksExactlyAsWithout(dataDescriptors("jdk.jar", bundle()), 4);
    }

    @Test
    void onlyTheLastAttemptCountsAndAnAbandonedOneLeavesNothing() throws Exception {
        Path archive = sizesInHeaders("retried.jar", bundle(), false);
        byte[] bytes = Files.readAllBytes(archive);
        try (EarlyUnzip early = new EarlyUnzip(archive.getParent(), ArchiveExtractor.Limits.DEFAULT)) {
            DownloadTap.Attempt first = early.begin(download());
            feed(first, bytes, bytes.length * 3 / 4, 1); // the connection dropped here
            first.abandon();
            DownloadTap.Attempt second = early.begin(download());
            feed(second, bytes, bytes.length, 2);
            second.ended();
            PreparedEntries prepared = early.prepared();
            assertEquals(1, leftBeside(archive).size(), "the first attempt's folder is gone: "
                    + leftBeside(archive));
            Path into = work.resolve("out");
            ArchiveExtractor.Result result = new ArchiveExtractor().extract(
                    ArchiveExtractor.Request.of(archive, into).withPrepared(prepared));
            assertEquals(Crc32c.of(bundle().get("pytorch/cpu/libbig.so")),
                    result.crc32c().get("pytorch/cpu/libbig.so"));
        }
        assertEquals(List.of(), leftBeside(archive));
    }

    @Test
    void aDownloadThatNeverEndedPreparesNothing() throws Exception {
        Path archive = sizesInHeaders("cut.jar", bundle(), false);
        byte[] bytes = Files.readAllBytes(archive);
        try (EarlyUnzip early = new EarlyUnzip(archive.getParent(), ArchiveExtractor.Limits.DEFAULT)) {
            DownloadTap.Attempt attempt = early.begin(download());
            feed(attempt, bytes, bytes.length, 3);
            attempt.abandon(); // every byte arrived, then the checksum did not match
            assertTrue(early.prepared().take(0, 0, 0).isEmpty());
            ZipArchiveEntry big;
            try (var zip = org.apache.commons.compress.archivers.zip.ZipFile.builder().setPath(archive).get()) {
                big = zip.getEntry("pytorch/cpu/libbig.so");
            }
            assertTrue(early.prepared().take(big.getLocalHeaderOffset(), big.getCompressedSize(), big.getSize())
                    .isEmpty(), "an abandoned attempt hands nothing out");
        }
        assertEquals(List.of(), leftBeside(archive));
    }

    @Test
    void anEntryIsHandedOutOnlyForItsOwnOffsetAndSizes() throws Exception {
        Path archive = sizesInHeaders("sizes.jar", bundle(), false);
        byte[] bytes = Files.readAllBytes(archive);
        ZipArchiveEntry big;
        try (var zip = org.apache.commons.compress.archivers.zip.ZipFile.builder().setPath(archive).get()) {
            big = zip.getEntry("pytorch/cpu/libbig.so");
        }
        try (EarlyUnzip early = new EarlyUnzip(archive.getParent(), ArchiveExtractor.Limits.DEFAULT)) {
            DownloadTap.Attempt attempt = early.begin(download());
            feed(attempt, bytes, bytes.length, 4);
            attempt.ended();
            PreparedEntries prepared = early.prepared();
            long at = big.getLocalHeaderOffset();
            assertTrue(prepared.take(at + 1, big.getCompressedSize(), big.getSize()).isEmpty());
            assertTrue(prepared.take(at, big.getCompressedSize() - 1, big.getSize()).isEmpty());
            assertTrue(prepared.take(at, big.getCompressedSize(), big.getSize() + 1).isEmpty());
            PreparedEntries.PreparedEntry entry = prepared.take(at, big.getCompressedSize(), big.getSize())
                    .orElseThrow();
            assertArrayEquals(bundle().get("pytorch/cpu/libbig.so"), Files.readAllBytes(entry.file()));
            assertEquals(Crc32c.of(bundle().get("pytorch/cpu/libbig.so")), entry.crc32c());
            assertTrue(prepared.take(at, big.getCompressedSize(), big.getSize()).isEmpty(), "handed out once");
        }
    }

    @Test
    void neverInflatesMoreThanTheExtractorWouldAllowTheBytesSoFar() throws Exception {
        // 64 MiB of zeros deflate to about 64 KiB: past a ratio of 100 long before the archive ends
        Map<String, byte[]> bomb = Map.of("lib/zeros.so", new byte[64 << 20]);
        Path archive = sizesInHeaders("bomb.jar", bomb, false);
        byte[] bytes = Files.readAllBytes(archive);
        ArchiveExtractor.Limits strict = ArchiveExtractor.Limits.DEFAULT.withMaxExpansionRatio(20);
        try (EarlyUnzip early = new EarlyUnzip(archive.getParent(), strict)) {
            DownloadTap.Attempt attempt = early.begin(download());
            feed(attempt, bytes, bytes.length, 5);
            attempt.ended();
            PreparedEntries prepared = early.prepared();
            try (Stream<Path> s = Files.list(leftBeside(archive).getFirst())) {
                assertEquals(List.of(), s.toList(), "the partly inflated entry is deleted");
            }
            Path into = work.resolve("bomb-out");
            UnsafeArchiveException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    UnsafeArchiveException.class, () -> new ArchiveExtractor(strict).extract(
                            ArchiveExtractor.Request.of(archive, into).withPrepared(prepared)));
            assertEquals(UnsafeArchiveException.Reason.EXPANSION_RATIO_EXCEEDED, refused.reason());
            assertFalse(Files.exists(into));
        }
        assertEquals(List.of(), leftBeside(archive));
    }
}
