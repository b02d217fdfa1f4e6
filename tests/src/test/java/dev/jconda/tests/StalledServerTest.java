package dev.jconda.tests;

import dev.jconda.tests.JcondaProcess.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that accepts every connection and never answers: the network failure that is neither "refused" nor
 * "offline". With the read timeout set small ({@code JCONDA_REMOTE_READ_TIMEOUT_SECS}), every way jconda reaches a
 * server (a Maven repository channel, a channel index, a locked file's download) ends in one line that says it timed
 * out and names the URL, exit code 1, no stack trace, and no environment left behind.
 */
class StalledServerTest {
    @TempDir
    static Path work;
    static ServerSocket silent;
    static final List<Socket> held = new CopyOnWriteArrayList<>();
    static String base;

    @BeforeAll
    static void listenAndNeverAnswer() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        base = "http://127.0.0.1:" + silent.getLocalPort();
        Thread.ofVirtual().start(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept()); // kept open, never read from or written to
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    @AfterAll
    static void close() throws IOException {
        silent.close();
        for (Socket s : held) {
            s.close();
        }
    }

    private static JcondaProcess impatient(String home) {
        return new JcondaProcess(work.resolve(home)).env("JCONDA_REMOTE_READ_TIMEOUT_SECS", "1")
                .env("JCONDA_REMOTE_MAX_RETRIES", "1").env("JCONDA_REMOTE_BACKOFF_FACTOR", "0.1");
    }

    /** One error line naming the timeout and the URL, exit 1, and nothing of the environment on disk. */
    private static void timedOutCleanly(Result r, String url, Path home, String name) throws IOException {
        assertEquals(1, r.exitCode(), r.err());
        // a retry is announced on its own line; the failure itself is one line, the last
        assertEquals(1, r.errLines().stream().filter(l -> !l.startsWith("jconda: retrying ")).count(), r.err());
        String line = r.errLines().getLast();
        assertTrue(line.startsWith("jconda: error: ") && line.contains("timed out") && line.contains(url), line);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
        Path envs = home.resolve("envs");
        if (Files.isDirectory(envs)) {
            try (Stream<Path> s = Files.list(envs)) {
                assertEquals(List.of(), s.filter(p -> p.getFileName().toString().contains(name)).toList(),
                        "nothing half-written");
            }
        }
    }

    @Test
    void aMavenRepositoryThatNeverAnswersTimesOutNamingIt() throws Exception {
        JcondaProcess jconda = impatient("maven-home");
        String repo = base + "/repo";
        long started = System.nanoTime();
        Result r = jconda.run(work, "create", "-n", "stalled-maven", "-c", repo, "org.stall:app", "-y");
        assertTrue((System.nanoTime() - started) / 1e9 < 30, "bounded by the read timeout");
        timedOutCleanly(r, repo, jconda.home(), "stalled-maven");
        assertFalse(r.err().contains("no Maven repository has"), r.err());
    }

    @Test
    void aChannelIndexThatNeverAnswersTimesOutNamingIt() throws Exception {
        JcondaProcess jconda = impatient("index-home");
        String index = base + "/chan/index.yml";
        Result r = jconda.run(work, "create", "-n", "stalled-index", "-c", index, "acme-runtime", "-y");
        timedOutCleanly(r, index, jconda.home(), "stalled-index");
        assertFalse(r.err().contains("no channel has"), r.err());
    }

    @Test
    void aLockedFileWhoseServerNeverAnswersTimesOutNamingItsUrl() throws Exception {
        Path repo = work.resolve("repo");
        new MavenRepositoryFixture(repo).artifact("org.stall:app:1.0", "");
        Path file = MavenRepositoryFixture.environment(work.resolve("project"), "stalled-lock", repo.toUri().toString(),
                "org.stall:app=1.0");
        JcondaProcess jconda = impatient("lock-home");
        assertEquals(0, jconda.run(work, "lock", "-f", file.toString()).exitCode());
        Path lock = file.resolveSibling("jconda-lock.yml");
        Files.writeString(lock, Files.readString(lock).replace(repo.toUri().toString(), base + "/repo/"));
        Result r = jconda.run(work, "env", "create", "-f", lock.toString());
        timedOutCleanly(r, base + "/repo/org/stall/app/1.0/app-1.0.jar", jconda.home(), "stalled-lock");
    }
}
