package dev.jconda.tests;

import dev.jconda.tests.JcondaProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An environment keeps its own copy of the bundled server (libexec/), as a conda environment keeps its packages: after
 * jconda is rebuilt, {@code jconda run -n X serve} still runs the copy the environment was made with. That is now
 * visible (a note on {@code run ... serve}, a line in {@code jconda doctor}), with the command that takes the new
 * server: re-installing the present revision.
 */
class OutdatedServerTest {
    @TempDir
    Path work;

    /** Another build of the server: the real jar with one more entry, so its bytes differ and it still runs. */
    private Path anotherBuild(Path target, String marker) throws Exception {
        Files.createDirectories(target.getParent());
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(JcondaProcess.SERVER_JAR));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.putNextEntry(new ZipEntry(e.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry("META-INF/build-" + marker + ".txt"));
            out.write(marker.getBytes());
            out.closeEntry();
        }
        return target;
    }

    @Test
    void anEnvironmentServingAnOlderServerSaysSoAndTheRevisionReinstallTakesTheNewOne() throws Exception {
        MavenRepositoryFixture repo = new MavenRepositoryFixture(work.resolve("repo"));
        repo.artifact("org.srv:lib:1.0", "");
        Path oldJar = anotherBuild(work.resolve("old/jconda-server.jar"), "old");
        JcondaProcess before = new JcondaProcess(work.resolve("home")).serverJar(oldJar);
        Result create = before.run(work, "create", "-n", "served", "-c", repo.url(), "org.srv:lib", "-y");
        assertEquals(0, create.exitCode(), create.err());
        Path copy = work.resolve("home/envs/served/libexec/jconda-server.jar");
        assertEquals(-1, Files.mismatch(copy, oldJar));

        // jconda rebuilt: a newer server jar than the environment's copy
        Path newJar = anotherBuild(work.resolve("new/jconda-server.jar"), "new");
        Files.setLastModifiedTime(newJar, FileTime.from(Instant.now().plus(1, ChronoUnit.MINUTES)));
        JcondaProcess after = new JcondaProcess(work.resolve("home")).serverJar(newJar);
        String advice = "older than this jconda's (built ";
        String refresh = "an environment keeps the server it was installed with; to take this jconda's: "
                + "jconda install -n served --revision 0 -y";

        Result serve = after.run(work, "run", "-n", "served", "serve", "--help");
        assertEquals(0, serve.exitCode(), serve.err());
        assertTrue(serve.err().startsWith("jconda: note: environment served serves the server copied into it at ")
                && serve.err().contains("(libexec/jconda-server.jar), " + advice) && serve.err().contains(refresh),
                serve.err());
        assertEquals(-1, Files.mismatch(copy, oldJar), "self-contained: the old copy is what runs until refreshed");

        Result doctor = after.run(work, "doctor");
        assertEquals(0, doctor.exitCode(), doctor.err());
        assertTrue(doctor.out().lines().anyMatch(l -> l.startsWith("environment served serves the server copied")
                && l.contains(advice) && l.endsWith(refresh)), doctor.out());

        // the advice, as typed: same packages, this jconda's server
        Result refreshed = after.run(work, "install", "-n", "served", "--revision", "0", "-y");
        assertEquals(0, refreshed.exitCode(), refreshed.err());
        assertEquals(-1, Files.mismatch(copy, newJar));
        Result quiet = after.run(work, "run", "-n", "served", "serve", "--help");
        assertEquals(0, quiet.exitCode(), quiet.err());
        assertFalse(quiet.err().contains("jconda: note:"), quiet.err());
        assertFalse(after.run(work, "doctor").out().contains("environment served"));
        assertTrue(after.run(work, "list", "-n", "served").out().contains("org.srv:lib"));
    }
}
