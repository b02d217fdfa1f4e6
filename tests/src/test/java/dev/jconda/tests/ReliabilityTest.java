package dev.jconda.tests;

import dev.jconda.tests.JcondaProcess.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.jconda.tests.MavenRepositoryFixture.deps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reproductions of issue 9's fault-injection run, replayed through the real CLI: each test is one defect the run
 * found, and fails on the code before its fix.
 */
class ReliabilityTest {
    @TempDir
    static Path work;
    static Path repo;
    static JcondaProcess jconda;

    @BeforeAll
    static void writeRepository() throws IOException {
        repo = work.resolve("repo");
        MavenRepositoryFixture r = new MavenRepositoryFixture(repo);
        r.artifact("org.rel:base:1.0", "");
        r.artifact("org.rel:app:1.0", deps("org.rel:base:1.0"));
        jconda = new JcondaProcess(work.resolve("home"));
    }

    static Path envFile(String name) throws IOException {
        Path dir = Files.createDirectories(work.resolve("files").resolve(name));
        return Files.writeString(dir.resolve("environment.yml"), """
                name: %s
                channels:
                  - %s
                dependencies:
                  - maven:
                      - org.rel:app=1.0
                """.formatted(name, repo.toUri()));
    }

    /** Issue 9.2: {@code file: ../../../../x.jar} in a lock with a warm cache wrote hard links outside the prefix. */
    @Test
    void lockfileWithATraversingFileNameIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path file = envFile("rel-traversal");
        Path lock = file.resolveSibling("jconda-lock.yml");
        assertEquals(0, jconda.run(work, "lock", "-f", file.toString()).exitCode());
        assertEquals(0, jconda.run(work, "env", "create", "-f", lock.toString()).exitCode(), "warm the cache");
        String text = Files.readString(lock);
        Files.writeString(lock, text.replace("file: base-1.0.jar", "file: \"../../../../escaped.jar\"")
                .replace("name: rel-traversal", "name: rel-traversal2"));
        Result r = jconda.run(work, "env", "create", "-f", lock.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().getFirst().matches("jconda: error: .*jconda-lock.yml:\\d+:\\d+: 'file' must be a plain.*"),
                r.err());
        try (var all = Files.walk(work)) {
            assertEquals(List.of(), all.filter(p -> p.getFileName().toString().equals("escaped.jar")).toList());
        }
        assertFalse(Files.exists(work.resolve("home/envs/rel-traversal2")));

        Files.writeString(lock, text.replaceFirst("sha256: \"[0-9a-f]{64}\"", "sha256: \"not-a-hash\""));
        Result hash = jconda.run(work, "env", "create", "-f", lock.toString(), "-n", "rel-hash");
        assertEquals(2, hash.exitCode(), hash.err());
        assertTrue(hash.err().contains("'sha256' must be 64 hex digits, not 'not-a-hash'"), hash.err());
    }

    /**
     * Issue 9.1: a {@code --force} replace killed between its two renames (old aside, new into place) left no
     * environment, and the next create deleted both copies. strace delays the return of every rename by seconds, so
     * the kill lands exactly in that gap; the old environment must answer to its name again afterwards.
     */
    @Test
    void forceReplaceKilledBetweenItsRenamesKeepsTheOldEnvironment() throws Exception {
        Path file = envFile("rel-swap");
        assertEquals(0, jconda.run(work, "env", "create", "-f", file.toString()).exitCode());
        Path envs = work.resolve("home/envs");
        Path prefix = envs.resolve("rel-swap");
        JcondaProcess traced = new JcondaProcess(work.resolve("home")).wrappedIn("strace", "-f", "-qq",
                "--seccomp-bpf", "-o", "/dev/null", "-e", "trace=rename,renameat,renameat2",
                "-e", "inject=rename,renameat,renameat2:delay_exit=4000000");
        Process p = traced.start(work, "env", "create", "-f", file.toString(), "--force");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        boolean inGap = false;
        while (p.isAlive() && System.nanoTime() < deadline && !inGap) {
            inGap = !Files.exists(prefix) && !FaultFiles.named(envs, ".rel-swap.trash-").isEmpty();
            Thread.sleep(20);
        }
        assertTrue(inGap, "the create was caught between its renames: " + Files.readString(traced.errFile(p)));
        FaultFiles.killTree(p);
        assertFalse(Files.exists(prefix), "the kill landed in the gap");

        Result list = jconda.run(work, "env", "list");
        assertTrue(list.out().contains("rel-swap"), "the old environment is back: " + list.out() + list.err());
        Result run = jconda.run(work, "run", "-n", "rel-swap", "--", "sh", "-c", "echo $CLASSPATH");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(2, run.out().strip().split(":").length, run.out());
        assertEquals(List.of(), FaultFiles.named(envs, ".rel-swap.trash-"), "nothing left aside");
        Result again = jconda.run(work, "env", "create", "-f", file.toString(), "--force");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(Files.isRegularFile(prefix.resolve("jconda-meta/lock.yml")));
    }
}
