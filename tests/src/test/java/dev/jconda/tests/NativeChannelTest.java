package dev.jconda.tests;

import dev.jconda.tests.JcondaProcess.Result;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Native bundles from a channel index the test writes (small generated archives, {@code url:} + sha256), through
 * the real CLI: platform detection, installation into {@code lib/native}, and refusal of crafted archives.
 */
class NativeChannelTest {
    @TempDir
    static Path work;
    static Path channel;
    static JcondaProcess jconda;

    @BeforeAll
    static void writeChannel() throws Exception {
        channel = Files.createDirectories(work.resolve("channel"));
        Path good = channel.resolve("libhello-1.0.tar.gz");
        tarGz(good, "lib/libhello.so", "ELF pretend\n", 0755);
        Path jdk = channel.resolve("fakejdk-99.tar.gz");
        try (OutputStream out = Files.newOutputStream(jdk);
             GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            entry(tar, "jdk-99.0.1/bin/java", "#!/bin/sh\necho \"fake java 99 from $0\"\n", 0755);
            entry(tar, "jdk-99.0.1/bin/javac", "#!/bin/sh\n", 0755);
            entry(tar, "jdk-99.0.1/release", "JAVA_VERSION=\"99.0.1\"\nIMPLEMENTOR=\"Test\"\n", 0644);
        }
        Path evil = channel.resolve("evil-1.0.tar.gz");
        tarGz(evil, "../../escaped.txt", "gotcha\n", 0644);
        Files.writeString(channel.resolve("index.yml"), """
                channel: testchannel
                packages:
                  - name: libhello
                    version: "1.0"
                    build: cpu_0
                    build_number: 0
                    artifacts:
                      noarch:
                        url: %s
                        sha256: %s
                        kind: native
                        extract: lib/
                  - name: java
                    version: "99.0.1"
                    build: test_0
                    build_number: 0
                    artifacts:
                      noarch:
                        url: %s
                        sha256: %s
                        kind: jdk
                        extract: jdk-99.0.1/
                  - name: evil
                    version: "1.0"
                    build: "0"
                    build_number: 0
                    artifacts:
                      noarch:
                        url: %s
                        sha256: %s
                        kind: native
                """.formatted(good.toUri(), EnvironmentLifecycleTest.sha256(good), jdk.toUri(),
                EnvironmentLifecycleTest.sha256(jdk), evil.toUri(),
                EnvironmentLifecycleTest.sha256(evil)));
        jconda = new JcondaProcess(work.resolve("home"));
    }

    private Path envFile(String name, String spec) throws IOException {
        Path file = Files.createDirectories(work.resolve(name)).resolve("environment.yml");
        Files.writeString(file, """
                name: %s
                channels:
                  - %s
                dependencies:
                  - %s
                """.formatted(name, channel.toUri(), spec));
        return file;
    }

    @Test
    void nativeBundleIsExtractedWithModesAndOnTheLibraryPath() throws Exception {
        Result create = jconda.run(work, "env", "create", "-f", envFile("hello-native", "libhello=1.0").toString());
        assertEquals(0, create.exitCode(), create.err());
        Path lib = work.resolve("home/envs/hello-native/lib/native/libhello.so");
        assertEquals("ELF pretend\n", Files.readString(lib));
        assertTrue(Files.getPosixFilePermissions(lib).contains(PosixFilePermission.OWNER_EXECUTE), "mode kept");
        Result run = jconda.run(work, "run", "-n", "hello-native", "--", "sh", "-c", "echo $LD_LIBRARY_PATH");
        assertTrue(run.out().strip().startsWith(lib.getParent().toString()), run.out());
    }

    @Test
    void aJdkFromAChannelIsUnpackedIntoThePrefixAndBecomesJavaHome() throws Exception {
        Result create = jconda.run(work, "env", "create", "-f", envFile("own-jdk", "java=99").toString());
        assertEquals(0, create.exitCode(), create.err());
        Path prefix = work.resolve("home/envs/own-jdk");
        Result run = jconda.run(work, "run", "-n", "own-jdk", "--", "sh", "-c", "echo $JAVA_HOME; java");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of(prefix.resolve("jdk").toString(), "fake java 99 from " + prefix.resolve("jdk/bin/java")),
                run.out().lines().toList());
        String lock = Files.readString(prefix.resolve("jconda-meta/lock.yml"));
        assertTrue(lock.contains("kind: jdk") && lock.contains("install: jdk") && lock.contains("sha256:"), lock);
    }

    @Test
    void archiveEscapingThePrefixIsRefusedAndNothingIsWritten() throws Exception {
        Result create = jconda.run(work, "env", "create", "-f", envFile("evil-env", "evil").toString());
        assertEquals(1, create.exitCode(), create.err());
        assertTrue(create.err().contains("refusing to extract") && create.err().contains("../../escaped.txt"),
                create.err());
        assertEquals(1, create.errLines().size(), "one line: " + create.err());
        assertFalse(Files.exists(work.resolve("home/envs/evil-env")));
        try (var s = Files.walk(work)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().equals("escaped.txt")), "nothing escaped");
        }
    }

    @Test
    void infoShowsThisMachinesPlatformAndVirtualPackages() throws Exception {
        Result info = jconda.run(work, "info");
        assertEquals(0, info.exitCode(), info.err());
        for (String expected : new String[]{"linux-64", "__glibc", "__linux", "__archspec", "__unix"}) {
            assertTrue(info.out().contains(expected), expected + " in\n" + info.out());
        }
        boolean hasNvidia = Files.exists(Path.of("/proc/driver/nvidia/version"));
        if (!hasNvidia) {
            assertFalse(info.out().contains("__cuda"), "no NVIDIA driver, no __cuda:\n" + info.out());
        }
        Result overridden = jconda.env("JCONDA_OVERRIDE_CUDA", "12.4").env("JCONDA_OVERRIDE_GLIBC", "")
                .run(work, "info", "--json");
        assertEquals(0, overridden.exitCode(), overridden.err());
        assertTrue(overridden.out().contains("\"__cuda\""), overridden.out());
        assertTrue(overridden.out().contains("12.4"), overridden.out());
        assertFalse(overridden.out().contains("\"__glibc\""), "an empty override hides the package");
        assertTrue(overridden.out().strip().startsWith("{") && overridden.out().strip().endsWith("}"));
    }

    private static void entry(TarArchiveOutputStream tar, String name, String content, int mode) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setMode(0100000 | mode);
        e.setSize(bytes.length);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    static void tarGz(Path file, String entry, String content, int mode) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
             GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            entry(tar, entry, content, mode);
        }
    }
}
