package dev.jconda.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** pack, image and k8s given bad input: one line naming what is wrong, exit code 2, nothing written. */
class DeployCommandErrorsTest {
    @TempDir
    Path work;

    private JcondaProcess.Result jconda(String... args) throws Exception {
        return new JcondaProcess(work.resolve("home")).run(work, args);
    }

    private static void assertBadInput(JcondaProcess.Result r, String says) {
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.errLines().getFirst().startsWith("jconda: error: ") && r.errLines().getFirst().contains(says),
                r.err());
        // at most picocli's "Try 'jconda k8s --help'." after it; never a stack trace
        assertTrue(r.errLines().size() == 1 || r.errLines().get(1).startsWith("Try "), r.err());
    }

    @Test
    void unknownEnvironmentBadTargetsAndMissingSourceAreBadInput() throws Exception {
        assertBadInput(jconda("pack", "-n", "nosuch", "-o", work.resolve("p.tar.gz").toString()),
                "no environment named 'nosuch'");
        assertFalse(Files.exists(work.resolve("p.tar.gz")));
        assertBadInput(jconda("image", "-n", "nosuch", "--to", "http://registry/x"),
                "expected oci:DIR, tar:FILE or REGISTRY/REPO:TAG");
        assertBadInput(jconda("image", "-n", "nosuch", "--to", "tar:"), "the path is missing");
        assertBadInput(jconda("k8s", "-o", work.resolve("k").toString()), "(-n=NAME | -f=LOCK)");
        assertBadInput(jconda("k8s", "-f", work.resolve("missing-lock.yml").toString()), "missing-lock.yml");
        assertFalse(Files.exists(work.resolve("k")));

        Path mine = Files.createDirectories(work.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "keep me");
        assertBadInput(jconda("image", "-n", "nosuch", "--to", "oci:" + mine), "is not an OCI layout");
        Files.createDirectories(mine.resolve("chart"));
        Path lock = Files.writeString(work.resolve("jconda-lock.yml"), """
                version: 1
                name: tiny
                inputs-hash: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                channels: []
                specs: []
                platforms:
                  linux-64:
                    packages: []
                """);
        assertBadInput(jconda("k8s", "-f", lock.toString(), "-o", mine.toString()),
                "was not written by `jconda k8s`");
        assertEquals(0, jconda("k8s", "-f", lock.toString(), "-o", work.resolve("fresh").toString()).exitCode());
        assertEquals("keep me", Files.readString(mine.resolve("notes.txt")));
    }

    @Test
    void packRefusesAnArchiveNameItCannotWriteBeforeDoingAnyWork() throws Exception {
        JcondaProcess jconda = DeployFixture.jconda();
        JcondaProcess.Result r = jconda.run(work, "pack", "-n", DeployFixture.ENVIRONMENT, "-o",
                work.resolve("env.zip").toString());
        assertBadInput(r, "name the pack .tar.gz, .tgz, .tar.zst or .tar");
        try (var s = Files.list(work)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("env.zip")), "nothing written");
        }
    }
}
