package dev.jconda.tests;

import dev.jconda.tests.JcondaProcess.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.jconda.tests.MavenRepositoryFixture.deps;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The walking skeleton end to end, through the real CLI process, against a Maven repository the test writes to disk
 * ({@code file://}, no network): environment.yml → solve → lock → cache → prefix → run.
 */
class EnvironmentLifecycleTest {
    @TempDir
    static Path work;
    static Path repo;
    static JcondaProcess jconda;

    @BeforeAll
    static void writeRepository() throws IOException {
        repo = work.resolve("repo");
        MavenRepositoryFixture r = new MavenRepositoryFixture(repo);
        // a BOM and a parent with dependencyManagement, as real projects have
        r.artifact("org.fix:fix-bom:1.0", "pom", """
                  <dependencyManagement>
                %s
                  </dependencyManagement>""".formatted(deps("org.fix:managed:2.0")));
        r.artifact("org.fix:fix-parent:1.0", "pom", """
                  <dependencyManagement><dependencies>
                    <dependency><groupId>org.fix</groupId><artifactId>fix-bom</artifactId><version>1.0</version>
                      <type>pom</type><scope>import</scope></dependency>
                    <dependency><groupId>org.fix</groupId><artifactId>lib-b</artifactId><version>1.1</version></dependency>
                  </dependencies></dependencyManagement>""");
        r.artifact("org.fix:managed:1.0", "");
        r.artifact("org.fix:managed:2.0", "");
        r.artifact("org.fix:lib-b:1.0", "");
        r.artifact("org.fix:lib-b:1.1", "");
        r.artifact("org.fix:lib-b:2.0", "");
        r.artifact("org.fix:unwanted:1.0", "");
        r.artifact("org.fix:optional-dep:1.0", "");
        r.artifact("org.fix:test-dep:1.0", "");
        r.artifact("org.fix:lib-a:1.0", """
                  <parent><groupId>org.fix</groupId><artifactId>fix-parent</artifactId><version>1.0</version></parent>
                %s""".formatted(deps(
                "org.fix:managed:",              // version from the BOM imported by the parent: 2.0
                "org.fix:lib-b:",                // version from the parent's dependencyManagement: 1.1
                "org.fix:unwanted:1.0",
                "org.fix:optional-dep:1.0:<optional>true</optional>",
                "org.fix:test-dep:1.0:<scope>test</scope>")));
        r.artifact("org.fix:app:1.0", deps(
                "org.fix:lib-a:1.0:<exclusions><exclusion><groupId>org.fix</groupId>"
                        + "<artifactId>unwanted</artifactId></exclusion></exclusions>"));
        r.artifact("org.fix:app:1.5", deps("org.fix:lib-a:1.0"));
        // a conflict: needs lib-b below 1.1 while the user asks for lib-b 2.x
        r.artifact("org.fix:old-client:1.0", deps("org.fix:lib-b:[1.0,1.1)"));
        jconda = new JcondaProcess(work.resolve("home"));
    }

    private Path envFile(String name, String body) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        Path file = dir.resolve("environment.yml");
        Files.writeString(file, """
                name: %s
                channels:
                  - %s
                dependencies:
                %s
                """.formatted(name, repo.toUri(), body));
        return file;
    }

    @Test
    void createsAnEnvironmentWithFullPomSemanticsAndRunsInIt() throws Exception {
        Path file = envFile("fixture-app", """
                  - maven:
                      - org.fix:app=1.0
                variables:
                  GREETING: hello from the environment
                """);
        Result create = jconda.run(work, "env", "create", "-f", file.toString());
        assertEquals(0, create.exitCode(), create.err());

        Result run = jconda.run(work, "run", "-n", "fixture-app", "--", "sh", "-c",
                "echo \"$CLASSPATH\"; echo \"$JCONDA_DEFAULT_ENV|$GREETING\"; exit 7");
        assertEquals(7, run.exitCode(), "the command's exit code passes through: " + run.err());
        List<String> lines = run.out().lines().toList();
        List<String> jars = List.of(lines.get(0).split(":"));
        Path prefix = work.resolve("home/envs/fixture-app");
        assertTrue(jars.stream().allMatch(j -> j.startsWith(prefix.toString())), jars.toString());
        List<String> names = jars.stream().map(j -> Path.of(j).getFileName().toString()).toList();
        assertEquals(List.of("app-1.0.jar", "lib-a-1.0.jar", "managed-2.0.jar", "lib-b-1.1.jar"), names,
                "solve order; BOM-imported and parent-managed versions; exclusion, optional and test scope honoured");
        assertEquals("fixture-app|hello from the environment", lines.get(1));
        for (String jar : jars) {
            assertTrue(Files.isRegularFile(Path.of(jar)), jar);
        }
    }

    @Test
    void lockIsDeterministicRecordsTheRepositorysChecksumsAndCreateCachesFilesByThem() throws Exception {
        Path file = envFile("fixture-lock", """
                  - maven:
                      - org.fix:app>=1.0
                """);
        Path lock = file.resolveSibling("jconda-lock.yml");
        Result first = jconda.run(work, "lock", "-f", file.toString());
        assertEquals(0, first.exitCode(), first.err());
        byte[] once = Files.readAllBytes(lock);
        Result second = jconda.run(work, "lock", "-f", file.toString());
        assertEquals(0, second.exitCode(), second.err());
        assertArrayEquals(once, Files.readAllBytes(lock), "two locks of the same inputs are byte-identical");

        String text = Files.readString(lock);
        assertTrue(text.contains("version: \"1.5\""), "newest app chosen:\n" + text);
        Result create = jconda.run(work, "env", "create", "-f", lock.toString(), "-n", "fixture-lock");
        assertEquals(0, create.exitCode(), create.err());
        Matcher m = Pattern.compile("file: (\\S+)\\n\\s+url: (\\S+)\\n\\s+sha1: \"([0-9a-f]{40})\"\\n\\s+size: (\\d+)"
                + "\\n\\s+source-channel: (\\S+)\\n\\s+checksum-source: published-sha1\\n").matcher(text);
        int checked = 0;
        while (m.find()) {
            Path published = Path.of(java.net.URI.create(m.group(2)));
            assertEquals(Files.readString(published.resolveSibling(published.getFileName() + ".sha1")).strip(),
                    m.group(3), "the repository's own sha1");
            Path cached = work.resolve("home/pkgs").resolve("sha1-" + m.group(3)).resolve(m.group(1));
            assertTrue(Files.isRegularFile(cached), "cached: " + cached);
            assertEquals(m.group(3), digest("SHA-1", cached));
            assertEquals(Long.parseLong(m.group(4)), Files.size(cached));
            assertTrue(m.group(2).startsWith(repo.toUri().toString()), m.group(2));
            assertEquals(repo.toUri().toString(), m.group(5));
            checked++;
        }
        assertEquals(5, checked, "app 1.5 has no exclusion, so unwanted comes too:\n" + text);
        assertTrue(text.contains("inputs-hash: \"sha256:") || text.contains("inputs-hash: sha256:"), text);
        Result check = jconda.run(work, "lock", "-f", file.toString(), "--check");
        assertEquals(0, check.exitCode(), check.err());
    }

    @Test
    void forcedOfflineRecreateWorksFromTheCacheAlone() throws Exception {
        Path file = envFile("fixture-offline", """
                  - maven:
                      - org.fix:lib-b=1
                """);
        assertEquals(0, jconda.run(work, "env", "create", "-f", file.toString()).exitCode());
        Result again = jconda.run(work, "env", "create", "-f", file.toString());
        assertEquals(1, again.exitCode(), "an existing environment is not replaced without --force");
        assertTrue(again.err().contains("already exists"), again.err());

        // Make the repository unreachable: only jconda's own caches remain.
        Path moved = work.resolve("repo-away");
        Files.move(repo, moved);
        try {
            Result offline = jconda.run(work, "env", "create", "-f", file.toString(), "--force", "--offline");
            assertEquals(0, offline.exitCode(), offline.err());
        } finally {
            Files.move(moved, repo);
        }
        Result list = jconda.run(work, "env", "list");
        assertTrue(list.out().contains("fixture-offline"), list.out());
        Result remove = jconda.run(work, "env", "remove", "-n", "fixture-offline");
        assertEquals(0, remove.exitCode(), remove.err());
        assertFalse(Files.exists(work.resolve("home/envs/fixture-offline")));
    }

    @Test
    void malformedEnvironmentFileIsOneLineWithFileLineColumnAndExitCode2() throws Exception {
        Path dir = Files.createDirectories(work.resolve("bad"));
        Path file = dir.resolve("environment.yml");
        Files.writeString(file, "name: bad\ndependencies:\n  - maven:\n      - org.fix:app>>1\n");
        Result r = jconda.run(work, "env", "create", "-f", file.toString());
        assertEquals(2, r.exitCode());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().getFirst().contains(file + ":4:"), r.err());
        assertTrue(r.errLines().getFirst().contains("invalid spec 'org.fix:app>>1'"), r.err());
        assertFalse(Files.exists(work.resolve("home/envs/bad")));

        Files.writeString(file, "name: bad\ndependencies: [a\n");
        Result yaml = jconda.run(work, "lock", "-f", file.toString());
        assertEquals(2, yaml.exitCode());
        assertTrue(yaml.errLines().getFirst().matches("jconda: error: .*environment.yml:\\d+:\\d+: malformed YAML.*"),
                yaml.err());
        assertFalse(Files.exists(dir.resolve("jconda-lock.yml")), "nothing written on bad input");
    }

    @Test
    void unsatisfiableSpecsExplainTheChainWithExitCode1() throws Exception {
        Path file = envFile("fixture-conflict", """
                  - maven:
                      - org.fix:old-client=1.0
                      - org.fix:lib-b>=2
                """);
        Result r = jconda.run(work, "env", "create", "-f", file.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("org.fix:lib-b"), r.err());
        assertTrue(r.err().contains("old-client"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(Files.exists(work.resolve("home/envs/fixture-conflict")));
    }

    @Test
    void createKilledBeforeItFinishesLeavesNoEnvironment() throws Exception {
        Path file = envFile("fixture-killed", """
                  - maven:
                      - org.fix:app=1.0
                """);
        Path envs = work.resolve("home/envs");
        for (boolean forcibly : new boolean[]{true, false}) {
            JcondaProcess slow = new JcondaProcess(work.resolve("home"))
                    .env("JCONDA_TEST_PAUSE_BEFORE_COMMIT_MS", "60000");
            List<Path> leftOver = partials(envs, "fixture-killed");
            Process p = slow.start(work, "env", "create", "-f", file.toString());
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (!hasNew(partials(envs, "fixture-killed"), leftOver) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(hasNew(partials(envs, "fixture-killed"), leftOver), "the create reached its staging folder");
            if (forcibly) {
                p.destroyForcibly(); // SIGKILL: no cleanup code runs
            } else {
                p.destroy();         // SIGTERM: the shutdown hook removes the staging folder
            }
            p.waitFor();
            assertFalse(Files.exists(envs.resolve("fixture-killed")), "no environment under the real name");
            assertFalse(jconda.run(work, "env", "list").out().contains("fixture-killed"));
            if (!forcibly) {
                assertTrue(partials(envs, "fixture-killed").isEmpty(), "SIGTERM cleans up after itself");
            }
        }
        Result retry = jconda.run(work, "env", "create", "-f", file.toString());
        assertEquals(0, retry.exitCode(), retry.err());
        assertTrue(partials(envs, "fixture-killed").isEmpty(), "a later create removes what a kill left");
    }

    private static boolean hasNew(List<Path> now, List<Path> before) {
        return now.stream().anyMatch(p -> !before.contains(p));
    }

    private static List<Path> partials(Path envs, String name) throws IOException {
        if (!Files.isDirectory(envs)) {
            return List.of();
        }
        try (var s = Files.list(envs)) {
            return s.filter(p -> p.getFileName().toString().startsWith("." + name + ".partial-")).toList();
        }
    }

    @Test
    void twoCreatesOfOneNameAtOnceLeaveOneWholeEnvironment() throws Exception {
        Path file = envFile("fixture-race", """
                  - maven:
                      - org.fix:app=1.0
                """);
        JcondaProcess slow = new JcondaProcess(work.resolve("home")).env("JCONDA_TEST_PAUSE_BEFORE_COMMIT_MS", "1500");
        Process first = slow.start(work, "env", "create", "-f", file.toString());
        Process second = slow.start(work, "env", "create", "-f", file.toString());
        first.waitFor();
        second.waitFor();
        List<Integer> codes = java.util.stream.Stream.of(first.exitValue(), second.exitValue()).sorted().toList();
        assertEquals(List.of(0, 1), codes, "one creates, the other finds it there: "
                + Files.readString(slow.errFile(first)) + Files.readString(slow.errFile(second)));
        Path envs = work.resolve("home/envs");
        assertTrue(Files.isRegularFile(envs.resolve("fixture-race/jconda-meta/lock.yml")));
        assertTrue(partials(envs, "fixture-race").isEmpty(), "no staging folder left behind");
        Result run = jconda.run(work, "run", "-n", "fixture-race", "--", "sh", "-c", "echo $CLASSPATH");
        assertEquals(4, run.out().strip().split(":").length, run.out());
    }

    @Test
    void javaIsAPackageSatisfiedByAnInstalledJdk() throws Exception {
        Path file = envFile("fixture-java", """
                  - java>=17
                  - maven:
                      - org.fix:lib-b=1
                """);
        Result create = jconda.run(work, "env", "create", "-f", file.toString());
        assertEquals(0, create.exitCode(), create.err());
        Result run = jconda.run(work, "run", "-n", "fixture-java", "--", "sh", "-c",
                "echo $JAVA_HOME; command -v java");
        List<String> lines = run.out().lines().toList();
        Path javaHome = Path.of(lines.get(0));
        assertEquals(javaHome.resolve("bin/java").toString(), lines.get(1), "the environment's JDK is first on PATH");
        String lock = Files.readString(work.resolve("home/envs/fixture-java/jconda-meta/lock.yml"));
        Matcher version = Pattern.compile("name: java\\n\\s+version: \"([^\"]+)\"\\n\\s+kind: jdk").matcher(lock);
        assertTrue(version.find(), lock);
        assertTrue(Files.readString(javaHome.resolve("release")).contains("JAVA_VERSION=\"" + version.group(1) + "\""));

        Path impossible = envFile("fixture-java99", """
                  - java=99
                """);
        Result none = jconda.run(work, "env", "create", "-f", impossible.toString());
        assertEquals(1, none.exitCode(), none.err());
        assertTrue(none.err().contains("java"), none.err());
    }

    @Test
    void unknownEnvironmentIsABadInput() throws Exception {
        Result r = jconda.run(work, "run", "-n", "nope", "--", "true");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("no environment named 'nope'"), r.err());
    }

    static String sha256(Path file) throws Exception {
        return digest("SHA-256", file);
    }

    static String digest(String algorithm, Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(Files.readAllBytes(file)));
    }
}
