package dev.jconda.tests;

import dev.jconda.tests.JcondaProcess.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static dev.jconda.tests.MavenRepositoryFixture.deps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code env create} downloads a lock's files a few at a time, largest first ({@code JCONDA_FETCH_THREADS}, 5 by
 * default, as conda's {@code fetch_threads}): every file at once meant a TLS handshake each in a new JVM, on the CPU
 * the largest file's download needed. A test server slows every jar down and counts how many are in flight.
 */
class FetchThreadsTest {
    private static final int LIBS = 6;

    @TempDir
    Path work;

    private Path repo;
    private RepositoryServer server;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();

    @BeforeEach
    void serveRepository() throws Exception {
        repo = work.resolve("repo");
        MavenRepositoryFixture r = new MavenRepositoryFixture(repo);
        String[] libs = new String[LIBS];
        for (int i = 0; i < LIBS; i++) {
            r.artifact("org.fetch:lib" + i + ":1.0", "");
            libs[i] = "org.fetch:lib" + i + ":1.0";
        }
        r.artifact("org.fetch:app:1.0", deps(libs));
        // one jar far larger than the others: the one that decides when the downloads end
        replaceJar(repo.resolve("org/fetch/lib3/1.0/lib3-1.0.jar"), 400_000);
        server = RepositoryServer.start(repo, (method, path, answer) -> {
            if (!method.equals("GET") || !path.endsWith(".jar")) {
                answer.send();
                return;
            }
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(300); // long enough that downloads allowed at once overlap
                answer.send();
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    /** A jar of random (incompressible) bytes, and its .sha1, as the repository publishes it. */
    private static void replaceJar(Path jar, int bytes) throws Exception {
        byte[] filler = new byte[bytes];
        new Random(7).nextBytes(filler);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("filler.bin"));
            zip.write(filler);
        }
        Files.write(jar, out.toByteArray());
        Files.writeString(jar.resolveSibling(jar.getFileName() + ".sha1"),
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(out.toByteArray())));
    }

    /** The jars downloaded so far, by file name, in the order asked for. */
    private List<String> jarRequests() {
        return server.jarsDownloaded();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Path lock(JcondaProcess jconda) throws Exception {
        Path file = MavenRepositoryFixture.environment(work.resolve("app"), "fetching", server.url(), "org.fetch:app");
        Result lock = jconda.run(work, "lock", "-f", file.toString());
        assertEquals(0, lock.exitCode(), lock.err());
        assertEquals(List.of(), jarRequests(), "a lock downloads no jar");
        return file.resolveSibling("jconda-lock.yml");
    }

    @Test
    void atMostFetchThreadsFilesDownloadAtOnceLargestFirst() throws Exception {
        JcondaProcess jconda = new JcondaProcess(work.resolve("home")).env("JCONDA_FETCH_THREADS", "2");
        Result create = jconda.run(work, "env", "create", "-f", lock(jconda).toString());
        assertEquals(0, create.exitCode(), create.err());
        assertEquals(LIBS + 1, jarRequests().size(), jarRequests().toString());
        assertEquals(2, mostInFlight.get(), "two at a time, and never more: " + jarRequests());
        // the two started first arrive in either order
        assertTrue(jarRequests().subList(0, 2).contains("lib3-1.0.jar"), "the largest file first: " + jarRequests());
        assertTrue(Files.isRegularFile(work.resolve("home/envs/fetching/lib/lib3-1.0.jar")));
    }

    @Test
    void byDefaultFiveAtOnce() throws Exception {
        JcondaProcess jconda = new JcondaProcess(work.resolve("home"));
        Result create = jconda.run(work, "env", "create", "-f", lock(jconda).toString());
        assertEquals(0, create.exitCode(), create.err());
        assertEquals(LIBS + 1, jarRequests().size(), jarRequests().toString());
        assertEquals(5, mostInFlight.get(), jarRequests().toString());
    }

    @Test
    void aFetchThreadsThatIsNoCountIsOneLineNamingIt() throws Exception {
        JcondaProcess jconda = new JcondaProcess(work.resolve("home"));
        Path lock = lock(jconda);
        Result create = jconda.env("JCONDA_FETCH_THREADS", "0").run(work, "env", "create", "-f", lock.toString());
        assertEquals(1, create.exitCode(), create.err());
        assertEquals(List.of("jconda: error: JCONDA_FETCH_THREADS=0 is not a whole number from 1 to 1024"),
                create.errLines());
        assertFalse(Files.exists(work.resolve("home/envs/fetching")), "nothing half-made");
        assertEquals(List.of(), jarRequests());
    }
}
