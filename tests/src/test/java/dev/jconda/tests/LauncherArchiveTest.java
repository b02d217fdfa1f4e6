package dev.jconda.tests;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's class-data archives, one per command, made by the first run that uses each: a run for help must not
 * be the one that makes a command's archive, and an archive older than the jar (rebuilt by Maven, not by the
 * launcher) must be made again rather than left unusable. A copy of the launcher and the jars in a folder of its own,
 * so that the checkout's archives are not touched.
 */
class LauncherArchiveTest {
    @TempDir
    Path checkout;
    private Path target;
    private Path jar;

    @BeforeEach
    void copyTheLauncher() throws Exception {
        Files.createDirectories(checkout.resolve("bin"));
        Files.copy(JcondaProcess.REPO_ROOT.resolve("jconda"), checkout.resolve("jconda"),
                StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(JcondaProcess.REPO_ROOT.resolve("bin/find-jdk"), checkout.resolve("bin/find-jdk"),
                StandardCopyOption.COPY_ATTRIBUTES);
        target = Files.createDirectories(checkout.resolve("cli/target"));
        jar = Files.copy(JcondaProcess.CLI_JAR, target.resolve("jconda.jar"));
        Files.createDirectories(checkout.resolve("server/target"));
        Files.copy(JcondaProcess.SERVER_JAR, checkout.resolve("server/target/jconda-server.jar"));
    }

    private String launch(String... args) throws Exception {
        return launch(java.util.Map.of(), args);
    }

    private String launch(java.util.Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(checkout.resolve("jconda").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JCONDA_SKIP_BUILD", "1");
        builder.environment().put("JCONDA_ROOT", checkout.resolve("home").toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), out);
        return out;
    }

    @Test
    void helpDoesNotMakeACommandsArchive() throws Exception {
        assertTrue(launch("info", "--help").startsWith("Usage: jconda info"));
        assertFalse(Files.exists(target.resolve("jconda-info.jsa")), "help left info an archive of its own");
        assertTrue(Files.exists(target.resolve("jconda.jsa")), "help's run goes to the shared archive");
        launch("info");
        assertTrue(Files.exists(target.resolve("jconda-info.jsa")), "the first real run makes the command's archive");
    }

    @Test
    void anArchiveOlderThanTheJarIsMadeAgain() throws Exception {
        launch("info");
        Path archive = target.resolve("jconda-info.jsa");
        assertTrue(Files.exists(archive));
        // the jar rebuilt after the archive was made, as `mvn package` does
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));
        launch("info");
        assertTrue(Files.exists(archive), "made again at the run's end");
        assertTrue(Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0,
                "the archive is newer than the jar again");
    }

    /**
     * picocli's released classes are Java 5 class files, which class-data sharing never archives: each command
     * loaded them from the jar on every run. The CLI's build compiles them again from picocli's sources.
     */
    @Test
    void picocliComesFromTheArchiveToo() throws Exception {
        launch("info");
        Path log = checkout.resolve("class-load.log");
        launch(java.util.Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + log), "info");
        List<String> picocli = Files.readAllLines(log).stream().filter(l -> l.contains(" picocli.")).toList();
        assertTrue(picocli.size() > 50, "the command loaded picocli's classes: " + picocli.size());
        List<String> notArchived = picocli.stream().filter(l -> !l.contains("source: shared objects file"))
                .map(l -> l.replaceAll("^\\[[^ ]*\\] ", "")).toList();
        assertEquals(0, notArchived.size(), notArchived.size() + " of " + picocli.size() + " picocli classes loaded "
                + "from outside the class-data archive, such as " + notArchived.subList(0, Math.min(2,
                notArchived.size())));
    }
}
