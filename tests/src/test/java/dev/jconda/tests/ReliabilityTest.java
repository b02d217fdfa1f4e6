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
}
