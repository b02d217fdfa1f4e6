package dev.jconda.tests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jconda.tests.JcondaProcess.Result;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A native bundle that is a zip is inflated while it downloads, and the extract phase moves what was inflated into
 * place once the download is verified. Through the real CLI against a channel served over HTTP: the environment
 * holds exactly the verified archive's files, a download cut off and retried uses only the complete body, a body
 * that does not match its checksum installs nothing, and no inflated leftovers stay in the package cache.
 */
class EarlyUnzipEnvironmentTest {
    @TempDir
    Path work;

    private byte[] bundle;
    private byte[] big;
    private long bigDataOffset;
    private HttpServer server;
    /** What the next GETs of the bundle send: the bundle as it is, unless a test changes it. */
    private volatile Serve serve = Serve.WHOLE;
    private final AtomicInteger bundleGets = new AtomicInteger();

    private enum Serve { WHOLE, HALF_THEN_WHOLE, TAMPERED }

    @BeforeEach
    void serveChannel() throws Exception {
        StringBuilder text = new StringBuilder();
        Random random = new Random(17);
        while (text.length() < (3 << 20) + 99) {
            text.append(Long.toString(random.nextLong(), 36)).append(random.nextInt(8) == 0 ? "\n" : " ");
        }
        big = text.toString().getBytes(StandardCharsets.UTF_8);
        Path zip = work.resolve("libearly-1.0.jar");
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            ZipArchiveEntry small = new ZipArchiveEntry("lib/libsmall.so");
            small.setUnixMode(0100755);
            out.putArchiveEntry(small);
            out.write("small\n".getBytes(StandardCharsets.UTF_8));
            out.closeArchiveEntry();
            ZipArchiveEntry large = new ZipArchiveEntry("lib/libbig.so");
            large.setUnixMode(0100755);
            out.putArchiveEntry(large);
            out.write(big);
            out.closeArchiveEntry();
        }
        bundle = Files.readAllBytes(zip);
        try (ZipFile read = ZipFile.builder().setPath(zip).get()) {
            bigDataOffset = read.getEntry("lib/libbig.so").getDataOffset();
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/chan/";
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body;
        int send;
        if (path.equals("/chan/index.yml")) {
            body = FaultFiles.nativeIndex("early", "libearly", base() + "libearly-1.0.jar", sha256(bundle))
                    .getBytes(StandardCharsets.UTF_8);
            send = body.length;
        } else if (path.equals("/chan/libearly-1.0.jar")) {
            int get = bundleGets.incrementAndGet();
            body = bundle;
            send = body.length;
            if (serve == Serve.HALF_THEN_WHOLE && get == 1) {
                send = body.length / 2; // and then nothing: a short body, which is retried
            } else if (serve == Serve.TAMPERED) {
                body = bundle.clone();
                for (int i = 0; i < 32; i++) {
                    body[(int) bigDataOffset + 5000 + i] ^= 0x21; // inside the large entry's deflated bytes
                }
            }
        } else {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body, 0, send);
        } catch (IOException closedEarly) {
            // the stream refuses to close short of its length
        }
        exchange.close();
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Result create(JcondaProcess jconda, String name) throws Exception {
        Path file = Files.createDirectories(work.resolve(name)).resolve("environment.yml");
        Files.writeString(file, """
                name: %s
                channels:
                  - %s
                dependencies:
                  - libearly=1.0
                """.formatted(name, base() + "index.yml"));
        return jconda.run(work, "env", "create", "-f", file.toString());
    }

    private List<Path> inflatedLeftovers(Path home) throws IOException {
        if (!Files.isDirectory(home.resolve("pkgs"))) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(home.resolve("pkgs"))) {
            return walk.filter(p -> p.getFileName().toString().startsWith(".inflated-")).toList();
        }
    }

    private void installedExactly(Path home, String name) throws IOException {
        Path lib = home.resolve("envs").resolve(name).resolve("lib/native");
        assertArrayEquals(big, Files.readAllBytes(lib.resolve("libbig.so")));
        assertEquals("small\n", Files.readString(lib.resolve("libsmall.so")));
        assertTrue(Files.isExecutable(lib.resolve("libbig.so")), "the archive's mode, on the moved file too");
        assertEquals(List.of(), inflatedLeftovers(home));
    }

    @Test
    void theEnvironmentHoldsExactlyTheVerifiedArchivesFiles() throws Exception {
        JcondaProcess jconda = new JcondaProcess(work.resolve("home"));
        Result r = create(jconda, "early");
        assertEquals(0, r.exitCode(), r.err());
        installedExactly(jconda.home(), "early");
        assertEquals(1, bundleGets.get());
        // the unpacked bundle's manifest agrees with its files: doctor hashes them all again
        Result doctor = jconda.run(work, "doctor");
        assertEquals(0, doctor.exitCode(), doctor.out() + doctor.err());
    }

    @Test
    void aDownloadCutOffIsRetriedAndOnlyTheWholeBodyIsUsed() throws Exception {
        serve = Serve.HALF_THEN_WHOLE;
        // the server stops sending half way and leaves the connection open: the read timeout ends the attempt
        JcondaProcess jconda = new JcondaProcess(work.resolve("home")).env("JCONDA_REMOTE_BACKOFF_FACTOR", "0.1")
                .env("JCONDA_REMOTE_READ_TIMEOUT_SECS", "1");
        Result r = create(jconda, "retried");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(2, bundleGets.get(), "cut off once, then whole");
        assertTrue(r.err().contains("retrying"), r.err());
        installedExactly(jconda.home(), "retried");
    }

    @Test
    void aBodyThatDoesNotMatchItsChecksumInstallsNothing() throws Exception {
        serve = Serve.TAMPERED;
        JcondaProcess jconda = new JcondaProcess(work.resolve("home"));
        Result r = create(jconda, "tampered");
        assertEquals(1, r.exitCode(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("checksum mismatch for libearly-1.0.jar"), r.err());
        assertFalse(Files.exists(jconda.home().resolve("envs/tampered")));
        assertEquals(List.of(), inflatedLeftovers(jconda.home()));
        try (Stream<Path> walk = Files.walk(jconda.home())) {
            assertTrue(walk.noneMatch(p -> p.getFileName().toString().equals("libbig.so")), "nothing unpacked");
        }
    }
}
