package dev.jconda.tests;

import dev.jconda.tests.JcondaProcess.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static dev.jconda.tests.MavenRepositoryFixture.deps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code env create} downloads the native bundles it unpacks before the jars it only links, and unpacks each bundle
 * into the package cache as soon as it has arrived, so that unpacking (libtorch: 440 MB inflated from 110 MB) goes on
 * while the link is still busy with the jars, instead of after the last byte. One test server serves a native channel
 * and a Maven repository; it records when each file is asked for, holds the bundle's answer back for 300 ms, and
 * answers a jar only once the bundle's unpacked folder is in the package cache (or after 10 s).
 */
class BundlesFirstTest {
    private static final String BUNDLE = "libfirst-1.0.jar";

    @TempDir
    Path work;

    private RepositoryServer server;
    private final List<String> events = new CopyOnWriteArrayList<>();
    /** For each jar: whether the bundle was already unpacked in the package cache when the jar was sent. */
    private final List<String> unpackedBeforeJar = new CopyOnWriteArrayList<>();

    @BeforeEach
    void serve() throws Exception {
        Path root = work.resolve("served");
        MavenRepositoryFixture r = new MavenRepositoryFixture(root);
        r.artifact("org.first:lib0:1.0", "");
        r.artifact("org.first:lib1:1.0", "");
        r.artifact("org.first:app:1.0", deps("org.first:lib0:1.0", "org.first:lib1:1.0"));
        byte[] bundle = bundle();
        Files.write(Files.createDirectories(root.resolve("chan")).resolve(BUNDLE), bundle);
        Path pkgs = work.resolve("home/pkgs");
        server = RepositoryServer.start(root, (method, path, answer) -> {
            if (!method.equals("GET") || !path.endsWith(".jar")) {
                answer.send();
                return;
            }
            String file = path.substring(path.lastIndexOf('/') + 1);
            events.add("asked " + file);
            if (file.equals(BUNDLE)) {
                Thread.sleep(300); // long enough that a jar asked for alongside it would be asked for now
                // recorded before the body goes out: once it has, the client may ask for a jar at any moment
                events.add("answering " + file);
            } else {
                unpackedBeforeJar.add(file + ": " + awaitUnpacked(pkgs));
            }
            answer.send();
        });
        Files.writeString(root.resolve("chan/index.yml"), FaultFiles.nativeIndex("first", "libfirst",
                server.url() + "chan/" + BUNDLE, HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(bundle))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static byte[] bundle() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("lib/libfirst.so"));
            zip.write("first\n".repeat(1000).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** Waits up to 10 s for an unpacked bundle (a sealed {@code extracted-*} folder) in the package cache. */
    private static boolean awaitUnpacked(Path pkgs) throws java.io.IOException, InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < until) {
            if (Files.isDirectory(pkgs)) {
                try (Stream<Path> walk = Files.walk(pkgs)) {
                    if (walk.anyMatch(p -> p.getFileName().toString().equals(".jconda-manifest")
                            && p.getParent().getFileName().toString().startsWith("extracted-"))) {
                        return true;
                    }
                } catch (java.io.UncheckedIOException movedWhileWalking) {
                    // a folder renamed into place under the walk: look again
                }
            }
            Thread.sleep(20);
        }
        return false;
    }

    @Test
    void theBundleDownloadsAloneFirstAndIsUnpackedWhileTheJarsDownload() throws Exception {
        Path file = Files.createDirectories(work.resolve("app")).resolve("environment.yml");
        Files.writeString(file, """
                name: first
                channels: [%s, %s]
                dependencies:
                  - libfirst=1.0
                  - maven: [org.first:app]
                """.formatted(server.url() + "chan/index.yml", server.url()));
        JcondaProcess jconda = new JcondaProcess(work.resolve("home"));
        Result create = jconda.run(work, "env", "create", "-f", file.toString());
        assertEquals(0, create.exitCode(), create.err());

        assertEquals(List.of("asked " + BUNDLE, "answering " + BUNDLE), events.subList(0, 2),
                "the bundle first, alone: no jar asked for while its answer waited: " + events);
        assertEquals(5, events.size(), "the bundle and three jars, each asked for once: " + events);
        assertEquals(List.of("app-1.0.jar: true", "lib0-1.0.jar: true", "lib1-1.0.jar: true"),
                unpackedBeforeJar.stream().sorted().toList(), "unpacked before any jar was sent");
        Path env = work.resolve("home/envs/first");
        assertEquals("first\n".repeat(1000), Files.readString(env.resolve("lib/native/libfirst.so")));
        for (String jar : List.of("app-1.0.jar", "lib0-1.0.jar", "lib1-1.0.jar")) {
            assertTrue(Files.isRegularFile(env.resolve("lib").resolve(jar)), jar);
        }
    }
}
