package dev.jconda.tests;

import dev.jconda.tests.JcondaProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.jconda.tests.MavenRepositoryFixture.deps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CI lock step: multi-platform locks, --check, --update, install from a lock, export. */
class LockWorkflowTest {
    @TempDir
    Path work;

    @Test
    void fourPlatformLockHasEachPlatformsNativeClassifier() throws Exception {
        Path file = Files.createDirectories(work.resolve("torch")).resolve("environment.yml");
        Files.writeString(file, """
                name: torch-everywhere
                channels: [pytorch, maven-central]
                dependencies:
                  - java>=21
                  - pytorch=2.7
                """);
        JcondaProcess jconda = new JcondaProcess(work.resolve("home"));
        Result lock = jconda.run(work, "lock", "-f", file.toString(),
                "-p", "linux-64", "-p", "linux-aarch64", "-p", "osx-arm64", "-p", "win-64");
        assertEquals(0, lock.exitCode(), lock.err());
        String text = Files.readString(file.resolveSibling("jconda-lock.yml"));
        String[][] expected = {{"linux-64", "linux-x86_64"}, {"linux-aarch64", "linux-aarch64"},
                {"osx-arm64", "osx-aarch64"}, {"win-64", "win-x86_64"}};
        for (String[] e : expected) {
            String section = section(text, e[0]);
            assertTrue(section.contains("pytorch-native-cpu:jar:" + e[1] + ":2.7.1"), e[0] + ":\n" + section);
            assertTrue(section.contains("extract: jnilib/" + e[1] + "/cpu/"), e[0] + ":\n" + section);
            if (!e[0].equals("linux-64")) {
                // another platform's JDKs are not visible from here: the lock states the minimum the target brings
                assertTrue(section.contains("name: java\n        version: \"21\"\n        kind: jdk")
                        && section.contains("channel: target-machine"), e[0] + ":\n" + section);
            }
        }

        // torch 2.5 has no linux-aarch64 build: said plainly, and no lock is written
        Files.writeString(file, Files.readString(file).replace("pytorch=2.7", "pytorch=2.5"));
        Files.delete(file.resolveSibling("jconda-lock.yml"));
        Result missing = jconda.run(work, "lock", "-f", file.toString(), "-p", "linux-64", "-p", "linux-aarch64");
        assertEquals(1, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains("linux-aarch64") && missing.err().contains("pytorch"), missing.err());
        assertFalse(Files.exists(file.resolveSibling("jconda-lock.yml")));
    }

    private static String section(String lock, String platform) {
        int start = lock.indexOf("\n  " + platform + ":\n");
        assertTrue(start >= 0, platform + " missing from\n" + lock);
        int end = lock.indexOf("\n  ", start + platform.length() + 4);
        while (end >= 0 && lock.charAt(end + 3) == ' ') {
            end = lock.indexOf("\n  ", end + 1);
        }
        return end < 0 ? lock.substring(start) : lock.substring(start, end);
    }

    @Test
    void editingOneSpecMakesCheckFailAndRelockingMovesNothingElse() throws Exception {
        Path repo = work.resolve("repo");
        MavenRepositoryFixture r = new MavenRepositoryFixture(repo);
        r.artifact("org.fix:base:1.0", "");
        r.artifact("org.fix:app:1.0", deps("org.fix:base:1.0"));
        r.artifact("org.fix:tool:1.0", "");
        r.artifact("org.fix:tool:2.0", "");
        Path file = Files.createDirectories(work.resolve("ci")).resolve("environment.yml");
        Files.writeString(file, """
                name: ci
                channels: [%s]
                dependencies:
                  - maven:
                      - org.fix:app>=1.0
                      - org.fix:tool=1
                """.formatted(repo.toUri()));
        JcondaProcess jconda = new JcondaProcess(work.resolve("home"));
        Path lockFile = file.resolveSibling("jconda-lock.yml");
        assertEquals(1, jconda.run(work, "lock", "-f", file.toString(), "--check").exitCode(), "no lock yet");
        assertEquals(0, jconda.run(work, "lock", "-f", file.toString()).exitCode());
        assertEquals(0, jconda.run(work, "lock", "-f", file.toString(), "--check").exitCode());
        java.util.Map<String, String> before = packageBlocks(Files.readString(lockFile));

        // A newer app is published; a free solve would take it, a re-lock keeps what the lock has.
        r.artifact("org.fix:app:1.1", deps("org.fix:base:1.0"));
        Files.writeString(file, Files.readString(file).replace("org.fix:tool=1", "org.fix:tool=2"));
        Result stale = jconda.run(work, "lock", "-f", file.toString(), "--check");
        assertEquals(1, stale.exitCode());
        assertEquals(1, stale.errLines().size(), stale.err());
        assertTrue(stale.err().contains("stale") && stale.err().contains("org.fix:tool=2"), stale.err());

        assertEquals(0, jconda.run(work, "lock", "-f", file.toString()).exitCode());
        assertEquals(0, jconda.run(work, "lock", "-f", file.toString(), "--check").exitCode());
        java.util.Map<String, String> after = packageBlocks(Files.readString(lockFile));
        assertEquals(before.keySet(), after.keySet());
        for (String name : before.keySet()) {
            if (name.equals("org.fix:tool")) {
                assertFalse(before.get(name).equals(after.get(name)), "tool moved to 2.0");
            } else {
                assertEquals(before.get(name), after.get(name), name + " did not move");
            }
        }
        assertTrue(Files.readString(lockFile).contains("org.fix:app:jar:1.0"), "app stays at 1.0");

        Result update = jconda.run(work, "lock", "-f", file.toString(), "--update", "org.fix:app");
        assertEquals(0, update.exitCode(), update.err());
        assertTrue(Files.readString(lockFile).contains("org.fix:app:jar:1.1"), "--update moves app");
    }

    /** Each package's entry in a lockfile, by name. */
    private static java.util.Map<String, String> packageBlocks(String lock) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (String block : lock.split("\n      - name: ")) {
            if (!block.startsWith("# jconda")) {
                out.put(block.substring(0, block.indexOf('\n')), block);
            }
        }
        return out;
    }

    @Test
    void installKeepsInstalledVersionsAndUpdateMovesTheNamedOnes() throws Exception {
        Path repo = work.resolve("repo");
        MavenRepositoryFixture r = new MavenRepositoryFixture(repo);
        r.artifact("org.fix:tool:1.0", "");
        Path file = Files.createDirectories(work.resolve("grow")).resolve("environment.yml");
        Files.writeString(file, """
                name: grow
                channels: [%s]
                dependencies:
                  - maven: [org.fix:tool]
                """.formatted(repo.toUri()));
        JcondaProcess jconda = new JcondaProcess(work.resolve("home"));
        assertEquals(0, jconda.run(work, "env", "create", "-f", file.toString()).exitCode());

        r.artifact("org.fix:tool:2.0", "");
        r.artifact("org.fix:extra:1.0", "");
        Result install = jconda.run(work, "install", "-n", "grow", "org.fix:extra");
        assertEquals(0, install.exitCode(), install.err());
        assertTrue(install.out().contains("+ org.fix:extra 1.0") && !install.out().contains("tool"), install.out());
        Path lib = work.resolve("home/envs/grow/lib");
        assertTrue(Files.exists(lib.resolve("tool-1.0.jar")) && Files.exists(lib.resolve("extra-1.0.jar")));

        Result update = jconda.run(work, "update", "-n", "grow", "org.fix:tool");
        assertEquals(0, update.exitCode(), update.err());
        assertTrue(update.out().contains("~ org.fix:tool 1.0 -> 2.0"), update.out());
        assertTrue(Files.exists(lib.resolve("tool-2.0.jar")) && !Files.exists(lib.resolve("tool-1.0.jar")));
        Result history = jconda.run(work, "env", "export", "-n", "grow", "--from-history");
        assertTrue(history.out().contains("org.fix:tool\"") && history.out().contains("org.fix:extra\""),
                history.out());
    }

    @Test
    void createFromLockNeedsNoMavenMetadataAndNamesAMissingFile() throws Exception {
        Path repo = work.resolve("repo");
        new MavenRepositoryFixture(repo).artifact("org.fix:solo:1.0", "");
        Path file = Files.createDirectories(work.resolve("fromlock")).resolve("environment.yml");
        Files.writeString(file, """
                name: fromlock
                channels: [%s]
                dependencies:
                  - maven: [org.fix:solo]
                """.formatted(repo.toUri()));
        Path home = work.resolve("home");
        JcondaProcess jconda = new JcondaProcess(home);
        assertEquals(0, jconda.run(work, "lock", "-f", file.toString()).exitCode());
        Path lock = file.resolveSibling("jconda-lock.yml");
        // the lock downloads nothing; a first create from it fills the package cache
        Result first = jconda.run(work, "env", "create", "-f", lock.toString());
        assertEquals(0, first.exitCode(), first.err());

        // No Maven metadata, descriptors or repository at all: only the package cache and the lock.
        PrefixDeletion.deleteTree(home.resolve("cache"));
        PrefixDeletion.deleteTree(repo);
        Result offline = jconda.run(work, "env", "create", "-f", lock.toString(), "--offline", "--force");
        assertEquals(0, offline.exitCode(), offline.err());
        Result export = jconda.run(work, "env", "export", "-n", "fromlock");
        assertTrue(export.out().contains("org.fix:solo==1.0"), export.out());
        Result history = jconda.run(work, "env", "export", "-n", "fromlock", "--from-history");
        assertTrue(history.out().contains("org.fix:solo\"") && !history.out().contains("==1.0"), history.out());
        Result asLock = jconda.run(work, "env", "export", "-n", "fromlock", "--lock");
        assertTrue(asLock.out().startsWith("# jconda lockfile"), asLock.out());

        PrefixDeletion.deleteTree(home.resolve("pkgs"));
        Result missing = jconda.run(work, "env", "create", "-f", lock.toString(), "--offline", "--force");
        assertEquals(1, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains("solo-1.0.jar") && missing.err().contains("not in the package cache"),
                missing.err());
        assertTrue(Files.exists(home.resolve("envs/fromlock/lib/solo-1.0.jar")), "the old environment survives");
    }

    /** Recursive delete for test set-up. */
    static final class PrefixDeletion {
        static void deleteTree(Path root) throws java.io.IOException {
            if (!Files.exists(root)) {
                return;
            }
            try (var walk = Files.walk(root)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
