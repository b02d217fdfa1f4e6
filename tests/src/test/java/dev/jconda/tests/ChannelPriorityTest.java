package dev.jconda.tests;

import dev.jconda.tests.JcondaProcess.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.jconda.tests.MavenRepositoryFixture.deps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Channel priority across Maven repositories: two generated repositories, a trusted one listed first and an
 * "internal" one listed second that publishes the same names with higher versions (dependency confusion).
 */
class ChannelPriorityTest {
    @TempDir
    Path work;

    private MavenRepositoryFixture trustedRepository;
    private String trusted;
    private String internal;
    private JcondaProcess jconda;

    @BeforeEach
    void repositories() throws Exception {
        MavenRepositoryFixture a = new MavenRepositoryFixture(work.resolve("trusted"));
        a.artifact("org.fix:lib:1.0", "");
        a.artifact("org.fix:lib:2.0", "");
        // a range, not a soft version: the solver picks from the candidates channel priority offers
        a.artifact("org.fix:app:1.0", deps("org.fix:lib:[1.0,)", "org.fix:helper:1.0"));
        MavenRepositoryFixture b = new MavenRepositoryFixture(work.resolve("internal"));
        b.artifact("org.fix:lib:9.9.9", "");
        b.artifact("org.fix:helper:1.0", ""); // only here: strict priority still takes it from here
        trustedRepository = a;
        trusted = a.url();
        internal = b.url();
        jconda = new JcondaProcess(work.resolve("home"));
    }

    private Path environment(String dir, String extra, String... specs) throws Exception {
        Path file = Files.createDirectories(work.resolve(dir)).resolve("environment.yml");
        StringBuilder deps = new StringBuilder();
        for (String s : specs) {
            deps.append("      - \"").append(s).append("\"\n");
        }
        Files.writeString(file, """
                name: %s
                channels: [%s, %s]
                %s
                dependencies:
                  - maven:
                %s""".formatted(dir, trusted, internal, extra, deps));
        return file;
    }

    private Result lock(Path file, String... extra) throws Exception {
        String[] args = new String[3 + extra.length];
        args[0] = "lock";
        args[1] = "-f";
        args[2] = file.toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        return jconda.run(work, args);
    }

    /** Locks, expects success and {@code coordinates} in the lock; returns the run for its notes. */
    private Result locks(Path file, String coordinates, String... extra) throws Exception {
        Result r = lock(file, extra);
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(lockText(file).contains(coordinates), lockText(file));
        return r;
    }

    private static String lockText(Path file) throws Exception {
        return Files.readString(file.resolveSibling("jconda-lock.yml"));
    }

    @Test
    void strictTakesTheHigherChannelsVersionAndSaysWhatItHid() throws Exception {
        Path file = environment("strict", "", "org.fix:lib");
        Result r = locks(file, "org.fix:lib:jar:2.0");
        assertFalse(lockText(file).contains("9.9.9"), lockText(file));
        assertTrue(r.err().contains("note: org.fix:lib 2.0 comes from " + trusted + " (priority 1); " + internal
                + " (priority 2) also has 9.9.9, hidden by strict priority"), r.err());
    }

    @Test
    void strictHoldsForTransitiveDependenciesButNamesOnlyInALowerChannelStillResolve() throws Exception {
        Path file = environment("transitive", "", "org.fix:app");
        Result r = lock(file);
        assertEquals(0, r.exitCode(), r.err());
        String lock = lockText(file);
        assertTrue(lock.contains("org.fix:lib:jar:2.0") && !lock.contains("9.9.9"), lock);
        assertTrue(lock.contains("org.fix:helper:jar:1.0") && lock.contains(internal + "org/fix/helper/"), lock);
    }

    @Test
    void theLockRecordsEachPackagesChannelAndCheckFailsWhenItWouldChange() throws Exception {
        Path file = environment("provenance", "", "org.fix:app");
        locks(file, "org.fix:helper:jar:1.0");
        String lock = lockText(file);
        assertTrue(lock.contains("org/fix/lib/2.0/lib-2.0.jar\n        sha1: "), lock);
        assertTrue(lock.contains("        source-channel: " + trusted + "\n        checksum-source: published-sha1\n"),
                lock);
        assertTrue(lock.contains("        source-channel: " + internal + "\n        checksum-source: published-sha1\n"),
                lock);
        Result fresh = lock(file, "--check");
        assertEquals(0, fresh.exitCode(), fresh.err());

        // the higher channel starts publishing a name the lock took from the lower one
        trustedRepository.artifact("org.fix:helper:1.0", "");
        Result moved = lock(file, "--check");
        assertEquals(1, moved.exitCode(), moved.err());
        assertTrue(moved.err().contains("org.fix:helper would now come from " + trusted + " (priority 1); the lock "
                + "has it from " + internal + " (priority 2)"), moved.err());
    }

    @Test
    void disabledMergesVersionsAndTheHighestWinsAsInConda() throws Exception {
        Path file = environment("disabled", "channel-priority: disabled", "org.fix:app");
        locks(file, "org.fix:lib:jar:9.9.9");
        // the command line overrides the file
        locks(file, "org.fix:lib:jar:2.0", "--channel-priority", "strict");
    }

    @Test
    void flexiblePrefersTheHigherChannelAndFallsBackWhenItCannotSatisfy() throws Exception {
        Path file = environment("flexible", "channel-priority: flexible", "org.fix:lib");
        locks(file, "org.fix:lib:jar:2.0");

        Files.writeString(file, Files.readString(file).replace("\"org.fix:lib\"", "\"org.fix:lib>=5\""));
        locks(file, "org.fix:lib:jar:9.9.9");
    }

    @Test
    void aSolveThatFailsOnlyBecauseOfStrictPrioritySaysSoAndNamesTheLowerChannel() throws Exception {
        Path file = environment("fails", "", "org.fix:lib>=5");
        Result r = lock(file);
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("strict channel priority hides what it needs: org.fix:lib 9.9.9 exists in "
                + internal + " (priority 2), hidden because " + trusted + " (priority 1) has org.fix:lib"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());

        // a channel::name spec takes the package from the channel it names
        Files.writeString(file, Files.readString(file).replace("\"org.fix:lib>=5\"",
                "\"" + internal + "::org.fix:lib>=5\""));
        locks(file, "org.fix:lib:jar:9.9.9");
    }

    @Test
    void dependencyConfusionFromTheIssueIsBlockedWithMavenCentralFirst() throws Exception {
        MavenRepositoryFixture evil = new MavenRepositoryFixture(work.resolve("evil"));
        evil.artifact("org.slf4j:slf4j-api:9.9.9", "");
        Path file = Files.createDirectories(work.resolve("issue")).resolve("environment.yml");
        Files.writeString(file, """
                channels:
                  - maven-central
                  - %s
                dependencies:
                  - org.slf4j:slf4j-api
                """.formatted(evil.url()));
        Result r = lock(file);
        assertEquals(0, r.exitCode(), r.err());
        String lock = lockText(file);
        assertFalse(lock.contains("9.9.9"), lock);
        assertTrue(lock.contains("url: https://repo.maven.apache.org/maven2/org/slf4j/slf4j-api/"), lock);
        assertTrue(r.err().contains("comes from maven-central (priority 1); " + evil.url()
                + " (priority 2) also has 9.9.9, hidden by strict priority"), r.err());
    }
}
