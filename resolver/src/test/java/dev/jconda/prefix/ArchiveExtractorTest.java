package dev.jconda.prefix;

import dev.jconda.prefix.ArchiveExtractor.Format;
import dev.jconda.prefix.ArchiveExtractor.Limits;
import dev.jconda.prefix.ArchiveExtractor.Request;
import dev.jconda.prefix.ArchiveExtractor.Result;
import dev.jconda.prefix.UnsafeArchiveException.Reason;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ArchiveExtractorTest {
    @TempDir
    Path work;

    /** What the archive is unpacked into: {@code work/env/lib/native}, beside a file it must not touch. */
    Path env;
    Path destination;
    Path bystander;

    @BeforeEach
    void layout() throws IOException {
        env = Files.createDirectories(work.resolve("env"));
        destination = env.resolve("lib").resolve("native");
        bystander = Files.writeString(env.resolve("bystander.txt"), "untouched");
    }

    // ---- archive builders ------------------------------------------------------------------------------------

    /** An entry to put in a test archive. */
    record Entry(String name, char type, int mode, String content, String linkTarget) {
        static Entry file(String name, String content) {
            return new Entry(name, 'f', 0644, content, null);
        }

        static Entry executable(String name, String content) {
            return new Entry(name, 'f', 0755, content, null);
        }

        static Entry dir(String name) {
            return new Entry(name, 'd', 0755, null, null);
        }

        static Entry symlink(String name, String target) {
            return new Entry(name, 's', 0777, null, target);
        }

        static Entry hardlink(String name, String target) {
            return new Entry(name, 'h', 0644, null, target);
        }

        byte[] bytes() {
            return content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8);
        }
    }

    Path tar(String fileName, Format format, Entry... entries) throws IOException {
        Path archive = work.resolve(fileName);
        try (OutputStream file = Files.newOutputStream(archive);
             OutputStream compressed = switch (format) {
                 case TAR -> OutputStream.nullOutputStream();
                 case TAR_GZ -> new GzipCompressorOutputStream(file);
                 case TAR_BZ2 -> new BZip2CompressorOutputStream(file);
                 case TAR_ZST -> new ZstdCompressorOutputStream(file);
                 case ZIP -> throw new IllegalArgumentException();
             };
             TarArchiveOutputStream tar = new TarArchiveOutputStream(format == Format.TAR ? file : compressed)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Entry e : entries) {
                TarArchiveEntry entry = switch (e.type()) {
                    case 's' -> {
                        TarArchiveEntry link = new TarArchiveEntry(e.name(), TarConstants.LF_SYMLINK, true);
                        link.setLinkName(e.linkTarget());
                        yield link;
                    }
                    case 'h' -> {
                        TarArchiveEntry link = new TarArchiveEntry(e.name(), TarConstants.LF_LINK, true);
                        link.setLinkName(e.linkTarget());
                        yield link;
                    }
                    case 'c' -> new TarArchiveEntry(e.name(), TarConstants.LF_CHR, true);
                    case 'd' -> new TarArchiveEntry(e.name().endsWith("/") ? e.name() : e.name() + "/", true);
                    default -> new TarArchiveEntry(e.name(), true);
                };
                entry.setMode(entry.getMode() & ~07777 | e.mode());
                byte[] data = e.type() == 'f' ? e.bytes() : new byte[0];
                entry.setSize(data.length);
                tar.putArchiveEntry(entry);
                tar.write(data);
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        return archive;
    }

    Path tar(Format format, Entry... entries) throws IOException {
        return tar("test" + switch (format) {
            case TAR -> ".tar";
            case TAR_GZ -> ".tar.gz";
            case TAR_BZ2 -> ".tar.bz2";
            case TAR_ZST -> ".tar.zst";
            case ZIP -> ".zip";
        }, format, entries);
    }

    Path zip(String fileName, Entry... entries) throws IOException {
        Path archive = work.resolve(fileName);
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(archive)) {
            for (Entry e : entries) {
                String name = e.type() == 'd' && !e.name().endsWith("/") ? e.name() + "/" : e.name();
                ZipArchiveEntry entry = new ZipArchiveEntry(name);
                byte[] data;
                switch (e.type()) {
                    case 's' -> {
                        entry.setUnixMode(0120777);
                        data = e.linkTarget().getBytes(StandardCharsets.UTF_8);
                    }
                    case 'd' -> {
                        entry.setUnixMode(040755);
                        data = new byte[0];
                    }
                    default -> {
                        entry.setUnixMode(0100000 | e.mode());
                        data = e.bytes();
                    }
                }
                zip.putArchiveEntry(entry);
                zip.write(data);
                zip.closeArchiveEntry();
            }
        }
        return archive;
    }

    Result extract(Path archive) throws IOException {
        return new ArchiveExtractor().extract(Request.of(archive, destination));
    }

    UnsafeArchiveException refused(Path archive) {
        return refused(new ArchiveExtractor(), Request.of(archive, destination));
    }

    UnsafeArchiveException refused(ArchiveExtractor extractor, Request request) {
        return assertThrows(UnsafeArchiveException.class, () -> extractor.extract(request));
    }

    /** Every path under the environment, with file contents: what a refused archive must leave as it was. */
    TreeMap<String, String> snapshot() throws IOException {
        TreeMap<String, String> state = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(env)) {
            for (Path p : paths.toList()) {
                String name = env.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    state.put(name, "-> " + Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p)) {
                    state.put(name, Files.readString(p, StandardCharsets.ISO_8859_1));
                } else {
                    state.put(name, "dir");
                }
            }
        }
        return state;
    }

    /** The refused archive left the destination uncreated and everything else as it was. */
    void assertNothingWritten(TreeMap<String, String> before) throws IOException {
        assertEquals(before, snapshot());
        assertFalse(Files.exists(destination, LinkOption.NOFOLLOW_LINKS));
        assertEquals("untouched", Files.readString(bystander));
    }

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    // ---- refusals --------------------------------------------------------------------------------------------

    @Nested
    class Refuses {
        @Test
        void zipEntryClimbingOutWithDotDot() throws IOException {
            Path archive = zip("evil.zip", Entry.file("ok.txt", "fine"), Entry.file("../../bystander.txt", "owned"));
            TreeMap<String, String> before = snapshot();

            UnsafeArchiveException e = refused(archive);

            assertEquals(Reason.ESCAPES_DESTINATION, e.reason());
            assertEquals("../../bystander.txt", e.entry());
            assertEquals("refusing to extract " + archive + ": entry '../../bystander.txt' escapes the destination",
                    e.getMessage());
            assertNothingWritten(before);
        }

        @Test
        void zipEntryWithWindowsSeparatorsClimbingOut() throws IOException {
            Path archive = zip("evil.zip", Entry.file("..\\..\\bystander.txt", "owned"));
            TreeMap<String, String> before = snapshot();
            assertEquals(Reason.ESCAPES_DESTINATION, refused(archive).reason());
            assertNothingWritten(before);
        }

        @Test
        void tarEntryWithAbsolutePath() throws IOException {
            Path target = work.resolve("env/absolute-target.txt");
            Path archive = tar(Format.TAR, Entry.file("ok.txt", "fine"), Entry.file(target.toString(), "owned"));
            TreeMap<String, String> before = snapshot();

            UnsafeArchiveException e = refused(archive);

            assertEquals(Reason.ABSOLUTE_PATH, e.reason());
            assertEquals(target.toString(), e.entry());
            assertFalse(Files.exists(target));
            assertNothingWritten(before);
        }

        @Test
        void symlinkToEtcPasswd() throws IOException {
            Path archive = tar(Format.TAR_GZ, Entry.file("a.txt", "fine"), Entry.symlink("passwd", "/etc/passwd"));
            TreeMap<String, String> before = snapshot();

            UnsafeArchiveException e = refused(archive);

            assertEquals(Reason.LINK_ESCAPES_DESTINATION, e.reason());
            assertEquals("passwd", e.entry());
            assertTrue(e.getMessage().contains("links to '/etc/passwd', outside the destination"), e.getMessage());
            assertNothingWritten(before);
        }

        @Test
        void relativeSymlinkClimbingOut() throws IOException {
            Path archive = tar(Format.TAR, Entry.symlink("lib/up", "../../../bystander.txt"));
            TreeMap<String, String> before = snapshot();
            assertEquals(Reason.LINK_ESCAPES_DESTINATION, refused(archive).reason());
            assertNothingWritten(before);
        }

        @Test
        void symlinkEscapingOnlyThroughAChainOfLinks() throws IOException {
            // each target alone stays inside when read as text; followed through each other they reach ../..
            // "outer" comes first, while d1/inner does not exist yet, so no check at that time can see it
            Path archive = tar(Format.TAR,
                    Entry.dir("d1"),
                    Entry.symlink("outer", "d1/inner/../bystander.txt"),
                    Entry.symlink("d1/inner", ".."));
            TreeMap<String, String> before = snapshot();

            UnsafeArchiveException e = refused(archive);

            assertEquals(Reason.LINK_ESCAPES_DESTINATION, e.reason());
            assertEquals("outer", e.entry());
            assertNothingWritten(before);
        }

        @Test
        void fileWrittenThroughASymlinkThatLeadsOut() throws IOException {
            Path archive = tar(Format.TAR,
                    Entry.symlink("escape", "sub/../.."),
                    Entry.file("escape/planted.txt", "owned"));
            TreeMap<String, String> before = snapshot();

            UnsafeArchiveException e = refused(archive);

            assertEquals(Reason.LINK_ESCAPES_DESTINATION, e.reason());
            assertEquals("escape/planted.txt", e.entry());
            assertFalse(Files.exists(env.resolve("lib/planted.txt")));
            assertNothingWritten(before);
        }

        @Test
        void symlinkLoop() throws IOException {
            Path archive = tar(Format.TAR, Entry.symlink("a", "b"), Entry.symlink("b", "a"));
            TreeMap<String, String> before = snapshot();
            assertEquals(Reason.LINK_LOOP, refused(archive).reason());
            assertNothingWritten(before);
        }

        @Test
        void zipSymlinkOutside() throws IOException {
            Path archive = zip("evil.zip", Entry.symlink("shadow", "../../../../../etc/shadow"));
            TreeMap<String, String> before = snapshot();
            assertEquals(Reason.LINK_ESCAPES_DESTINATION, refused(archive).reason());
            assertNothingWritten(before);
        }

        @Test
        void hardLinkToAFileOutside() throws IOException {
            Path archive = tar(Format.TAR, Entry.hardlink("passwd", "../../../etc/passwd"));
            TreeMap<String, String> before = snapshot();
            assertEquals(Reason.LINK_ESCAPES_DESTINATION, refused(archive).reason());
            assertNothingWritten(before);
        }

        @Test
        void hardLinkToAnAbsolutePath() throws IOException {
            Path archive = tar(Format.TAR, Entry.hardlink("passwd", "/etc/passwd"));
            assertEquals(Reason.LINK_ESCAPES_DESTINATION, refused(archive).reason());
        }

        @Test
        void hardLinkToAFileTheArchiveDoesNotHold() throws IOException {
            Path archive = tar(Format.TAR, Entry.hardlink("copy", "never-extracted"));
            assertEquals(Reason.HARD_LINK_TARGET_MISSING, refused(archive).reason());
        }

        @Test
        void deviceFiles() throws IOException {
            Path archive = tar(Format.TAR, new Entry("dev/null", 'c', 0666, null, null));
            TreeMap<String, String> before = snapshot();
            assertEquals(Reason.UNSUPPORTED_ENTRY_TYPE, refused(archive).reason());
            assertNothingWritten(before);
        }

        @Test
        void entryNameWithANewlineStaysOnOneLineInTheMessage() throws IOException {
            Path archive = zip("evil.zip", Entry.file("../x\nrefusing nothing", "owned"));
            UnsafeArchiveException e = refused(archive);
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            assertTrue(e.getMessage().contains("'../x\\x0arefusing nothing'"), e.getMessage());
        }
    }

    @Nested
    class StopsDecompressionBombs {
        @Test
        void bombPastTheTotalSizeLimit() throws IOException {
            String megabyteOfZeros = "\0".repeat(1 << 20);
            Path archive = tar(Format.TAR_GZ,
                    Entry.file("a.bin", megabyteOfZeros), Entry.file("b.bin", megabyteOfZeros),
                    Entry.file("c.bin", megabyteOfZeros));
            assertTrue(Files.size(archive) < 64 * 1024, "the archive is small: " + Files.size(archive));
            TreeMap<String, String> before = snapshot();
            ArchiveExtractor small = new ArchiveExtractor(Limits.DEFAULT.withMaxTotalBytes(2L << 20));

            UnsafeArchiveException e = refused(small, Request.of(archive, destination));

            assertEquals(Reason.TOO_LARGE, e.reason());
            assertEquals("c.bin", e.entry());
            assertTrue(e.getMessage().contains("past the limit of 2097152 bytes"), e.getMessage());
            assertNothingWritten(before);
        }

        @Test
        void bombWhoseHeaderLiesAboutItsSizeIsStoppedWhileWriting() throws IOException {
            // zip entries declare sizes in headers; the limit counts the bytes that actually come out
            Path archive = zip("bomb.zip", Entry.file("zeros.bin", "\0".repeat(3 << 20)));
            TreeMap<String, String> before = snapshot();
            ArchiveExtractor small = new ArchiveExtractor(Limits.DEFAULT.withMaxTotalBytes(1L << 20));
            assertEquals(Reason.TOO_LARGE, refused(small, Request.of(archive, destination)).reason());
            assertNothingWritten(before);
        }

        @Test
        void aLargeEntryPastTheLimitIsStoppedWhileItsBytesAreWrittenBehind() throws IOException {
            Path archive = zip("large-bomb.zip", Entry.file("zeros.bin", "\0".repeat(12 << 20)));
            TreeMap<String, String> before = snapshot();
            ArchiveExtractor small = new ArchiveExtractor(Limits.DEFAULT.withMaxTotalBytes(10L << 20));
            UnsafeArchiveException e = refused(small, Request.of(archive, destination));
            assertEquals(Reason.TOO_LARGE, e.reason());
            assertNothingWritten(before);
        }

        @Test
        void bombPastTheExpansionRatio() throws IOException {
            String zeros = "\0".repeat(4 << 20);
            Path archive = tar(Format.TAR_ZST, Entry.file("a.bin", zeros), Entry.file("b.bin", zeros),
                    Entry.file("c.bin", zeros));
            TreeMap<String, String> before = snapshot();
            // archives under 1 MiB count as 1 MiB, so ratio 10 allows 10 MiB here
            ArchiveExtractor strict = new ArchiveExtractor(Limits.DEFAULT.withMaxExpansionRatio(10));

            UnsafeArchiveException e = refused(strict, Request.of(archive, destination));

            assertEquals(Reason.EXPANSION_RATIO_EXCEEDED, e.reason());
            assertNothingWritten(before);
        }

        @Test
        void tooManyEntries() throws IOException {
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                entries.add(Entry.file("f" + i, ""));
            }
            Path archive = tar(Format.TAR, entries.toArray(Entry[]::new));
            TreeMap<String, String> before = snapshot();
            ArchiveExtractor few = new ArchiveExtractor(Limits.DEFAULT.withMaxEntries(10));
            assertEquals(Reason.TOO_MANY_ENTRIES, refused(few, Request.of(archive, destination)).reason());
            assertNothingWritten(before);
        }
    }

    // ---- good archives ---------------------------------------------------------------------------------------

    @Nested
    class Extracts {
        @Test
        void hashesEachRegularFileAsItWritesItAndLeavesLinksOut() throws IOException {
            Path archive = tar(Format.TAR_GZ,
                    Entry.file("lib/libfoo.so.1", "ELF"),
                    Entry.file("lib/replaced.txt", "first"),
                    Entry.file("lib/replaced.txt", "second"),
                    Entry.symlink("lib/libfoo.so", "libfoo.so.1"),
                    Entry.hardlink("lib/libfoo-copy.so.1", "lib/libfoo.so.1"),
                    Entry.file("share/doc/README", "read me"));

            Result result = extract(archive);

            // what the bundle's manifest records without reading the files again: the bytes on disk, the later
            // entry's where one name comes twice, and nothing for links (the manifest checksums those itself)
            assertEquals(java.util.Map.of(
                    "lib/libfoo.so.1", dev.jconda.cache.Crc32c.of(destination.resolve("lib/libfoo.so.1")),
                    "lib/replaced.txt", dev.jconda.cache.Crc32c.of("second".getBytes(StandardCharsets.UTF_8)),
                    "share/doc/README", dev.jconda.cache.Crc32c.of(destination.resolve("share/doc/README"))),
                    result.crc32c());
        }

        @Test
        void aLargeEntryIsWrittenAndChecksummedWhileTheNextBytesAreInflated() throws IOException {
            // over WriteBehind.MIN_BYTES and not a whole number of its buffers: the write-behind path, to the last byte
            StringBuilder text = new StringBuilder();
            java.util.Random random = new java.util.Random(11);
            while (text.length() < (19 << 19) + 12345) {
                text.append(Long.toString(random.nextLong(), 36)).append('\n');
            }
            String content = text.toString();
            for (Path archive : List.of(zip("large.zip", Entry.file("lib/libbig.so", content)),
                    tar("large.tar.gz", Format.TAR_GZ, Entry.file("lib/libbig.so", content)))) {
                Path into = work.resolve("out-" + archive.getFileName());
                Result result = new ArchiveExtractor().extract(Request.of(archive, into));
                byte[] expected = content.getBytes(StandardCharsets.UTF_8);
                assertTrue(expected.length >= WriteBehind.MIN_BYTES, "large enough: " + expected.length);
                assertArrayEquals(expected, Files.readAllBytes(into.resolve("lib/libbig.so")), archive.toString());
                assertEquals(java.util.Map.of("lib/libbig.so", dev.jconda.cache.Crc32c.of(expected)),
                        result.crc32c(), archive.toString());
            }
        }

        @ParameterizedTest
        @EnumSource(value = Format.class, names = {"TAR", "TAR_GZ", "TAR_BZ2", "TAR_ZST"})
        void everyTarFormatWithModesAndLinks(Format format) throws IOException {
            Path archive = tar(format,
                    Entry.dir("bin"),
                    Entry.executable("bin/run.sh", "#!/bin/sh\necho hi\n"),
                    Entry.file("lib/libfoo.so.1", "ELF"),
                    Entry.symlink("lib/libfoo.so", "libfoo.so.1"),
                    Entry.hardlink("lib/libfoo-copy.so.1", "lib/libfoo.so.1"),
                    Entry.file("share/doc/README", "read me"));

            Result result = extract(archive);

            assertEquals(format, result.format());
            assertEquals(destination, result.destination());
            assertEquals(4, result.files());
            assertEquals(1, result.links());
            assertEquals("#!/bin/sh\necho hi\n", Files.readString(destination.resolve("bin/run.sh")));
            assertEquals("read me", Files.readString(destination.resolve("share/doc/README")));
            assertEquals("ELF", Files.readString(destination.resolve("lib/libfoo-copy.so.1")));
            assertEquals(Path.of("libfoo.so.1"), Files.readSymbolicLink(destination.resolve("lib/libfoo.so")));
            assertEquals("ELF", Files.readString(destination.resolve("lib/libfoo.so")));
            assertTrue(Files.isExecutable(destination.resolve("bin/run.sh")));
            if (posix()) {
                assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ),
                        Files.getPosixFilePermissions(destination.resolve("share/doc/README")));
                assertTrue(Files.getPosixFilePermissions(destination.resolve("bin/run.sh"))
                        .contains(PosixFilePermission.OTHERS_EXECUTE));
            }
            assertNoStagingLeft();
        }

        @Test
        void zipAndJarWithUnixModesAndSymlink() throws IOException {
            Path archive = zip("natives.jar",
                    Entry.file("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n"),
                    Entry.dir("native"),
                    Entry.executable("native/torch-helper", "binary"),
                    Entry.file("native/libtorch.so.2", "ELF"),
                    Entry.symlink("native/libtorch.so", "libtorch.so.2"));

            Result result = extract(archive);

            assertEquals(Format.ZIP, result.format());
            assertEquals("binary", Files.readString(destination.resolve("native/torch-helper")));
            assertTrue(Files.isExecutable(destination.resolve("native/torch-helper")));
            assertEquals(Path.of("libtorch.so.2"), Files.readSymbolicLink(destination.resolve("native/libtorch.so")));
            if (posix()) {
                assertFalse(Files.getPosixFilePermissions(destination.resolve("native/libtorch.so.2"))
                        .contains(PosixFilePermission.OWNER_EXECUTE));
            }
        }

        @Test
        void setuidBitsAreDropped() throws IOException {
            assumeTrue(posix());
            Path archive = tar(Format.TAR, new Entry("su", 'f', 04755, "x", null));
            extract(archive);
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
                            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
                            PosixFilePermission.OTHERS_EXECUTE),
                    Files.getPosixFilePermissions(destination.resolve("su")));
            assertEquals(0755, (int) Files.getAttribute(destination.resolve("su"), "unix:mode") & 07777);
        }

        @Test
        void onlyEntriesUnderTheInnerPathWithThePathStripped() throws IOException {
            Path archive = zip("pytorch-native.jar",
                    Entry.file("META-INF/MANIFEST.MF", "m"),
                    Entry.file("pytorch/cpu/linux-x86_64/libtorch.so", "linux"),
                    Entry.file("pytorch/cpu/linux-x86_64/lib/libc10.so", "c10"),
                    Entry.file("pytorch/cpu/osx-aarch64/libtorch.dylib", "mac"));

            Result result = new ArchiveExtractor().extract(
                    Request.of(archive, destination).under("pytorch/cpu/linux-x86_64/"));

            assertEquals(2, result.files());
            assertEquals("linux", Files.readString(destination.resolve("libtorch.so")));
            assertEquals("c10", Files.readString(destination.resolve("lib/libc10.so")));
            assertFalse(Files.exists(destination.resolve("META-INF")));
            assertFalse(Files.exists(destination.resolve("libtorch.dylib")));
        }

        @Test
        void flattenedPutsEveryFileDirectlyInTheDestination() throws IOException {
            Path archive = tar(Format.TAR_GZ,
                    Entry.file("native/lib/linux-x86_64/libdjl_torch.so", "djl"),
                    Entry.file("native/lib/linux-x86_64/deep/libgomp.so.1", "gomp"));

            new ArchiveExtractor().extract(Request.of(archive, destination).under("native/lib").flattened());

            try (Stream<Path> files = Files.list(destination)) {
                assertEquals(List.of("libdjl_torch.so", "libgomp.so.1"),
                        files.map(p -> p.getFileName().toString()).sorted().toList());
            }
        }

        @Test
        void flatteningTwoFilesWithOneNameIsRefusedRatherThanLosingOne() throws IOException {
            Path archive = tar(Format.TAR, Entry.file("cpu/libtorch.so", "cpu"), Entry.file("gpu/libtorch.so", "gpu"));
            UnsafeArchiveException e = refused(new ArchiveExtractor(), Request.of(archive, destination).flattened());
            assertEquals(Reason.CONFLICTING_ENTRY, e.reason());
            assertFalse(Files.exists(destination));
        }

        @Test
        void destinationGetsOrdinaryPermissionsNotPrivateTempOnes() throws IOException {
            assumeTrue(posix());
            extract(tar(Format.TAR, Entry.file("a", "a")));
            assertEquals(Files.getPosixFilePermissions(destination.getParent()),
                    Files.getPosixFilePermissions(destination));
        }

        @Test
        void symlinkToADirectoryInsideIsFollowedForLaterEntries() throws IOException {
            Path archive = tar(Format.TAR,
                    Entry.dir("lib64"),
                    Entry.symlink("lib", "lib64"),
                    Entry.file("lib/libz.so", "z"));

            extract(archive);

            assertEquals("z", Files.readString(destination.resolve("lib64/libz.so")));
            assertTrue(Files.isSymbolicLink(destination.resolve("lib")));
            assertEquals("z", Files.readString(destination.resolve("lib/libz.so")));
        }

        @Test
        void dotDotThatStaysInsideIsFine() throws IOException {
            Path archive = tar(Format.TAR, Entry.file("./a/../b.txt", "b"), Entry.symlink("x/up", "../b.txt"));
            extract(archive);
            assertEquals("b", Files.readString(destination.resolve("b.txt")));
            assertEquals("b", Files.readString(destination.resolve("x/up")));
        }

        @Test
        void refusesToOverwriteANonEmptyDestinationUnlessAskedTo() throws IOException {
            Files.createDirectories(destination);
            Files.writeString(destination.resolve("old.txt"), "old");
            Path archive = tar(Format.TAR, Entry.file("new.txt", "new"));

            assertThrows(FileAlreadyExistsException.class, () -> extract(archive));
            assertEquals("old", Files.readString(destination.resolve("old.txt")));

            new ArchiveExtractor().extract(Request.of(archive, destination).replacingExisting());
            assertFalse(Files.exists(destination.resolve("old.txt")));
            assertEquals("new", Files.readString(destination.resolve("new.txt")));
            assertNoStagingLeft();
        }

        @Test
        void aFailedReplacementLeavesTheOldContent() throws IOException {
            Files.createDirectories(destination);
            Files.writeString(destination.resolve("old.txt"), "old");
            Path archive = tar(Format.TAR, Entry.file("new.txt", "new"), Entry.symlink("bad", "/etc/passwd"));

            assertThrows(UnsafeArchiveException.class,
                    () -> new ArchiveExtractor().extract(Request.of(archive, destination).replacingExisting()));

            assertEquals("old", Files.readString(destination.resolve("old.txt")));
            assertFalse(Files.exists(destination.resolve("new.txt")));
            assertNoStagingLeft();
        }

        @Test
        void emptyDestinationDirectoryIsFilled() throws IOException {
            Files.createDirectories(destination);
            extract(tar(Format.TAR, Entry.file("a", "a")));
            assertEquals("a", Files.readString(destination.resolve("a")));
        }

        @Test
        void somethingThatIsNoArchiveIsAnErrorNotAnEmptyDirectory() throws IOException {
            Path notAnArchive = Files.writeString(work.resolve("notes.txt"), "just text");
            IOException e = assertThrows(IOException.class, () -> extract(notAnArchive));
            assertTrue(e.getMessage().contains("is not a zip, jar, tar"), e.getMessage());
            assertFalse(Files.exists(destination));
        }

        private void assertNoStagingLeft() throws IOException {
            try (Stream<Path> siblings = Files.list(destination.getParent())) {
                assertEquals(List.of("native"), siblings.map(p -> p.getFileName().toString()).toList());
            }
        }
    }
}
