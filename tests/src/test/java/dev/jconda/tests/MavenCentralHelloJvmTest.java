package dev.jconda.tests;

import dev.jconda.tests.JcondaProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's first example, against the real Maven Central: samples/hello-jvm. */
class MavenCentralHelloJvmTest {
    @TempDir
    Path work;

    @Test
    void helloJvmFromMavenCentralThenOfflineFromTheCache() throws Exception {
        Path file = work.resolve("hello-jvm/environment.yml");
        Files.createDirectories(file.getParent());
        Files.copy(JcondaProcess.REPO_ROOT.resolve("samples/hello-jvm/environment.yml"), file);
        JcondaProcess jconda = new JcondaProcess(work.resolve("home"));

        Result create = jconda.run(work, "env", "create", "-f", file.toString());
        assertEquals(0, create.exitCode(), create.err());
        Result run = jconda.run(work, "run", "-n", "hello-jvm", "--", "sh", "-c", "echo $CLASSPATH");
        assertEquals(0, run.exitCode(), run.err());
        List<String> jars = List.of(run.out().strip().split(":"));
        Path prefix = work.resolve("home/envs/hello-jvm");
        for (String expected : List.of("guava-33.", "failureaccess-", "picocli-4.")) {
            assertTrue(jars.stream().anyMatch(j -> j.startsWith(prefix + "/lib/" + expected)),
                    expected + " in " + jars);
        }
        assertTrue(jars.getFirst().contains("guava-33."), "the user's specs come first: " + jars);

        // No network from here on: the Maven repository must not be reachable for the recreate to pass.
        // (its own process settings: a later online lock against that URL would have to fetch from it)
        Result offline = new JcondaProcess(work.resolve("home"))
                .env("JCONDA_MAVEN_CENTRAL_URL", "http://127.0.0.1:9/unreachable/")
                .run(work, "env", "create", "-f", file.toString(), "--force", "--offline");
        assertEquals(0, offline.exitCode(), offline.err());

        Result lock1 = jconda.run(work, "lock", "-f", file.toString());
        assertEquals(0, lock1.exitCode(), lock1.err());
        byte[] first = Files.readAllBytes(file.resolveSibling("jconda-lock.yml"));
        Result lock2 = jconda.run(work, "lock", "-f", file.toString());
        assertEquals(0, lock2.exitCode(), lock2.err());
        assertArrayEquals(first, Files.readAllBytes(file.resolveSibling("jconda-lock.yml")));
    }
}
