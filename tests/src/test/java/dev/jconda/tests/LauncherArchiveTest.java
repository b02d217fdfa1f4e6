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
 * launcher) must be made again rather than left unusable. And its JIT settings: the commands that download hash with
 * C2, and with C2 alone. A copy of the launcher and the jars in a folder of its own, so that the checkout's archives
 * are not touched.
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
        Files.copy(JcondaProcess.REPO_ROOT.resolve("bin/c2-directives.json"),
                checkout.resolve("bin/c2-directives.json"));
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

    /**
     * `env create` keeps C2 for what only C2 runs at the CPU's speed, the message digests and TLS's ciphers, and
     * leaves the rest to C1 (bin/c2-directives.json): with C2 for everything, a cold create spent 0.5 s of CPU
     * compiling string and collection code. A 64 MB jar from a file:// repository is hashed as it enters the cache.
     */
    @Test
    void theCommandsThatDownloadCompileOnlyDigestsAndCiphersWithC2() throws Exception {
        Path repo = checkout.resolve("repo");
        new MavenRepositoryFixture(repo).artifact("org.fix:big:1.0", "");
        Path jar = repo.resolve("org/fix/big/1.0/big-1.0.jar");
        java.security.MessageDigest sha1 = java.security.MessageDigest.getInstance("SHA-1");
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(
                new java.security.DigestOutputStream(Files.newOutputStream(jar), sha1))) {
            zip.setLevel(java.util.zip.Deflater.NO_COMPRESSION);
            zip.putNextEntry(new java.util.zip.ZipEntry("fixture/random.bin"));
            byte[] block = new byte[1 << 20];
            java.util.Random random = new java.util.Random(7);
            for (int i = 0; i < 64; i++) {
                random.nextBytes(block);
                zip.write(block);
            }
        }
        Files.writeString(jar.resolveSibling("big-1.0.jar.sha1"), java.util.HexFormat.of().formatHex(sha1.digest()));
        Path env = MavenRepositoryFixture.environment(checkout.resolve("app"), "big", repo.toUri().toString(),
                "org.fix:big==1.0");

        String out = launch(java.util.Map.of("JDK_JAVA_OPTIONS", "-XX:+PrintCompilation"),
                "env", "create", "-f", env.toString());

        // -XX:+PrintCompilation: "  time  id  flags  level  class::method (bytes)"; level 4 is C2
        List<String> c2 = out.lines().filter(l -> l.matches("\\s*\\d+\\s+\\d+\\s+[%sbn! ]*4\\s+\\S+::.*"))
                .map(l -> l.replaceAll("^.*\\s(\\S+::\\S+).*$", "$1")).toList();
        assertTrue(out.contains("Created environment big"), out.lines().filter(l -> !l.matches("\\s*\\d+ .*"))
                .toList().toString());
        assertTrue(c2.stream().anyMatch(m -> m.startsWith("sun.security.provider.")),
                "hashing 64 MB reached C2: " + c2);
        List<String> others = c2.stream().filter(m -> !m.startsWith("sun.security.provider.")
                && !m.startsWith("com.sun.crypto.provider.") && !m.startsWith("sun.security.ssl.")).toList();
        assertTrue(others.isEmpty(), others.size() + " of " + c2.size() + " C2 compilations outside the digests and "
                + "ciphers, such as " + others.subList(0, Math.min(5, others.size())));
    }
}
