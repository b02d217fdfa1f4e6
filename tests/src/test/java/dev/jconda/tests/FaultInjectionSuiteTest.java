package dev.jconda.tests;

import dev.jconda.tests.FaultServer.Fault;
import dev.jconda.tests.JcondaProcess.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static dev.jconda.tests.MavenRepositoryFixture.deps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault-injection suite behind RELIABILITY.md: kills at each phase of a create, signals, cache corruption, lock
 * tampering, a misbehaving HTTP server, concurrent creates, read-only and full disks, malformed command lines. Each
 * trial checks jconda's promises (nothing half-made, only verified bytes, a clear error) and is counted; the counts
 * go to {@code tests/target/reliability-report.md}. The default run tries a sample that ReliabilityTest does not
 * already replay; {@code JCONDA_LONG_TESTS=1} tries every kind, {@code JCONDA_FAULT_ROUNDS} (default 5) times.
 */
class FaultInjectionSuiteTest {
    static final boolean LONG = "1".equals(System.getenv("JCONDA_LONG_TESTS"));
    /** Rounds of every trial in long mode ({@code JCONDA_FAULT_ROUNDS}, default 5). */
    static final int ROUNDS = LONG ? Integer.parseInt(System.getenv().getOrDefault("JCONDA_FAULT_ROUNDS", "5")) : 1;
    static final FaultTally TALLY = new FaultTally();
    static final Pattern LEFTOVER = Pattern.compile(".*\\.tmp|.*\\.(partial|extracting|trash|removing|corrupt)-.*");
    static final AtomicInteger HOMES = new AtomicInteger();
    static long started;

    @TempDir
    static Path work;
    static Path repo;
    static Path channel;

    @BeforeAll
    static void fixtures() throws Exception {
        started = System.nanoTime();
        repo = work.resolve("repo");
        MavenRepositoryFixture r = new MavenRepositoryFixture(repo);
        r.artifact("org.flt:base:1.0", "");
        r.artifact("org.flt:app:1.0", deps("org.flt:base:1.0"));
        channel = FaultFiles.nativeChannel(work.resolve("channel"), 8);
    }

    @AfterAll
    static void report() throws IOException {
        String text = TALLY.markdown(LONG ? "long" : "fast", (System.nanoTime() - started) / 1e9);
        TALLY.write(JcondaProcess.REPO_ROOT.resolve("tests/target/reliability-report.md"), text);
        System.out.println("Fault-injection report\n" + text);
    }

    // ---------------------------------------------------------------------------------------------------- fixtures

    /** A fresh JCONDA_ROOT. */
    static JcondaProcess fresh() {
        return new JcondaProcess(work.resolve("home-" + HOMES.incrementAndGet()));
    }

    static Path home(JcondaProcess j) {
        return j.home();
    }

    static Path envFile(String name, boolean natives) throws IOException {
        Path dir = Files.createDirectories(work.resolve("files").resolve(name));
        return Files.writeString(dir.resolve("environment.yml"), """
                name: %s
                channels:
                  - %s
                  - %s
                dependencies:
                %s  - maven:
                      - org.flt:app=1.0
                """.formatted(name, channel.toUri(), repo.toUri(), natives ? "  - libbig=1.0\n" : ""));
    }

    /**
     * An environment with a native bundle that is a zip, served from {@code baseUrl} (the fault server's root is the
     * Maven repository, which holds the channel in {@code zipchan/}): the bundle that is inflated while it downloads.
     */
    static Path zipChannelEnvFile(String name, String baseUrl) throws Exception {
        Path chan = Files.createDirectories(repo.resolve("zipchan"));
        Path jar = chan.resolve("libzip-1.0.jar");
        if (!Files.exists(jar)) {
            StringBuilder text = new StringBuilder();
            java.util.Random random = new java.util.Random(21);
            while (text.length() < 4 << 20) {
                text.append(Long.toString(random.nextLong(), 36)).append(' ');
            }
            try (var zip = new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(jar)) {
                zip.putArchiveEntry(new org.apache.commons.compress.archivers.zip.ZipArchiveEntry("lib/libzip.so"));
                zip.write(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
            }
        }
        Files.writeString(chan.resolve("index.yml"), FaultFiles.nativeIndex("zipchannel", "libzip",
                baseUrl + "zipchan/libzip-1.0.jar", EnvironmentLifecycleTest.sha256(jar)));
        Path dir = Files.createDirectories(work.resolve("files").resolve(name));
        return Files.writeString(dir.resolve("environment.yml"), """
                name: %s
                channels:
                  - %szipchan/index.yml
                  - %s
                dependencies:
                  - libzip=1.0
                  - maven:
                      - org.flt:app=1.0
                """.formatted(name, baseUrl, repo.toUri()));
    }

    /** The lock of a maven-only environment, its URLs pointing at {@code baseUrl} instead of the file repository. */
    static Path lockAt(JcondaProcess j, String name, String baseUrl) throws Exception {
        Path file = envFile(name, false);
        Result lock = j.run(work, "lock", "-f", file.toString());
        assertEquals(0, lock.exitCode(), lock.err());
        Path locked = file.resolveSibling("jconda-lock.yml");
        Files.writeString(locked, Files.readString(locked).replace(repo.toUri().toString(), baseUrl));
        return locked;
    }

    static void waitFor(Path root, Pattern name, Process p, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (find(root, name).isPresent()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("never saw " + name + " under " + root + (p.isAlive() ? "" : " (exited "
                + p.exitValue() + ")"));
    }

    static java.util.Optional<Path> find(Path root, Pattern name) throws IOException {
        if (!Files.isDirectory(root)) {
            return java.util.Optional.empty();
        }
        try (var walk = Files.walk(root)) {
            return walk.filter(p -> name.matcher(p.getFileName().toString()).matches()).findFirst();
        } catch (java.io.UncheckedIOException e) {
            return java.util.Optional.empty(); // a folder vanished while walking: look again
        }
    }

    /**
     * jconda's promises after any fault: an environment folder is whole or absent; the name lists exactly when an
     * environment existed before; the cache verifies; and once the leftovers are old, the next create succeeds and
     * removes them.
     */
    static void assertRecovered(JcondaProcess j, String name, Path file, boolean existedBefore) throws Exception {
        Path home = home(j);
        Path prefix = home.resolve("envs").resolve(name);
        Result list = j.run(work, "env", "list");
        assertEquals(existedBefore, list.out().contains(" " + prefix), "listed iff it existed: " + list.out());
        if (Files.exists(prefix)) {
            assertTrue(Files.isRegularFile(prefix.resolve("jconda-meta/lock.yml")), "whole or absent: " + prefix);
            assertEquals(0, j.run(work, "run", "-n", name, "--", "true").exitCode(), "runnable");
        }
        Result doctor = j.run(work, "doctor");
        assertEquals(0, doctor.exitCode(), "cache verifies: " + doctor.out());
        ageLeftovers(home);
        Result again = j.run(work, "env", "create", "-f", file.toString(), "--force");
        assertEquals(0, again.exitCode(), "the next create succeeds: " + again.err());
        var left = find(home, LEFTOVER);
        assertTrue(left.isEmpty(), "leftovers removed: " + left);
    }

    static void ageLeftovers(Path home) throws IOException {
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        try (var walk = Files.walk(home)) {
            for (Path p : walk.toList()) {
                String n = p.getFileName().toString();
                if (LEFTOVER.matcher(n).matches() || n.equals(".last-sweep")) {
                    Files.setLastModifiedTime(p, old);
                }
            }
        }
    }

    static void assertOneLineError(Result r, int code) {
        assertEquals(code, r.exitCode(), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertTrue(r.errLines().stream().filter(l -> l.startsWith("jconda: error:")).count() == 1, r.err());
    }

    static void assertNoFailures(String... kinds) {
        List<String> mine = TALLY.failures().stream()
                .filter(f -> java.util.Arrays.stream(kinds).anyMatch(f::startsWith)).toList();
        assertEquals(List.of(), mine);
    }

    // ------------------------------------------------------------------------------------------------------ kills

    @Test
    void killsAtEachPhaseOfCreate() throws Exception {
        try (FaultServer server = new FaultServer(repo)) {
            server.trickleBytesPerSecond = 100;
            for (int round = 0; round < ROUNDS; round++) {
                if (LONG) TALLY.trial("kill -9 while downloading", () -> {
                    JcondaProcess j = fresh();
                    Path lock = lockAt(j, "flt-kill-dl", server.url());
                    Path home = home(j);
                    if (Files.isDirectory(home.resolve("pkgs"))) { // a lock downloads no jar: usually absent
                        try (var s = Files.list(home.resolve("pkgs"))) {
                            s.forEach(FaultInjectionSuiteTest::deleteQuietly); // cold cache: create must download
                        }
                    }
                    server.inject("org/flt/base/1.0/base-1.0.jar", Fault.TRICKLE);
                    Process p = j.start(work, "env", "create", "-f", lock.toString());
                    waitFor(home.resolve("pkgs"), Pattern.compile("\\.download.*\\.tmp"), p, Duration.ofSeconds(30));
                    FaultFiles.killTree(p);
                    server.clearFaults();
                    assertRecovered(j, "flt-kill-dl", lock, false);
                });
                TALLY.trial("kill -9 while extracting a native bundle", () -> {
                    JcondaProcess j = fresh();
                    Path file = envFile("flt-kill-ex", true);
                    Process p = j.start(work, "env", "create", "-f", file.toString());
                    waitFor(home(j).resolve("pkgs"), Pattern.compile("\\.+extracted-.*\\.(partial|extracting)-.*"), p,
                            Duration.ofSeconds(60));
                    FaultFiles.killTree(p);
                    assertRecovered(j, "flt-kill-ex", file, false);
                });
                if (LONG) TALLY.trial("kill -9 while a native zip is inflated as it downloads", () -> {
                    JcondaProcess j = fresh();
                    Path file = zipChannelEnvFile("flt-kill-early", server.url());
                    // its large entry comes first: inflating starts with the first bytes, then the download crawls
                    server.inject("zipchan/libzip-1.0.jar", Fault.TRICKLE);
                    Process p = j.start(work, "env", "create", "-f", file.toString());
                    waitFor(home(j).resolve("pkgs"), Pattern.compile("\\.inflated-.*\\.tmp"), p,
                            Duration.ofSeconds(30));
                    FaultFiles.killTree(p);
                    server.clearFaults();
                    assertRecovered(j, "flt-kill-early", file, false);
                });
                if (LONG) TALLY.trial("kill -9 while linking the prefix", () -> {
                    JcondaProcess j = fresh().env("JCONDA_TEST_PAUSE_BEFORE_COMMIT_MS", "3000");
                    Path file = envFile("flt-kill-ln", true);
                    Process p = j.start(work, "env", "create", "-f", file.toString());
                    waitFor(home(j).resolve("envs"), Pattern.compile("\\.flt-kill-ln\\.partial-.*"), p,
                            Duration.ofSeconds(60));
                    FaultFiles.killTree(p);
                    assertRecovered(j, "flt-kill-ln", file, false);
                });
                if (LONG) TALLY.trial("kill -9 between the renames of a --force replace", () -> {
                    JcondaProcess j = fresh();
                    Path file = envFile("flt-kill-sw", false);
                    assertEquals(0, j.run(work, "env", "create", "-f", file.toString()).exitCode());
                    JcondaProcess traced = new JcondaProcess(home(j)).wrappedIn("strace", "-f", "-qq",
                            "--seccomp-bpf", "-o", "/dev/null", "-e", "trace=rename,renameat,renameat2",
                            "-e", "inject=rename,renameat,renameat2:delay_exit=1500000");
                    Process p = traced.start(work, "env", "create", "-f", file.toString(), "--force");
                    Path envs = home(j).resolve("envs");
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    boolean gap = false;
                    while (!gap && p.isAlive() && System.nanoTime() < deadline) {
                        gap = !Files.exists(envs.resolve("flt-kill-sw"))
                                && !FaultFiles.named(envs, ".flt-kill-sw.trash-").isEmpty();
                        Thread.sleep(5);
                    }
                    FaultFiles.killTree(p);
                    assertTrue(gap, "killed inside the gap");
                    assertRecovered(j, "flt-kill-sw", file, true);
                });
            }
        }
        assertNoFailures("kill");
    }

    static void deleteQuietly(Path p) {
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------- signals

    @Test
    void signalsDuringCreate() throws Exception {
        // the default run replays SIGINT and SIGTERM in ReliabilityTest; here they repeat
        org.junit.jupiter.api.Assumptions.assumeTrue(LONG, "long mode only");
        for (int round = 0; round < ROUNDS; round++) {
            for (String signal : LONG ? List.of("INT", "TERM") : List.of("TERM")) {
                TALLY.trial("SIG" + signal + " during create", () -> {
                    JcondaProcess j = fresh().env("JCONDA_TEST_PAUSE_BEFORE_COMMIT_MS", "3000");
                    Path file = envFile("flt-sig", true);
                    Process p = j.start(work, "env", "create", "-f", file.toString());
                    waitFor(home(j).resolve("envs"), Pattern.compile("\\.flt-sig\\.partial-.*"), p,
                            Duration.ofSeconds(60));
                    new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
                    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exits");
                    String err = Files.readString(j.errFile(p));
                    assertEquals(130, p.exitValue(), err);
                    assertTrue(err.contains("jconda: interrupted (SIG" + signal + ")"), err);
                    assertTrue(find(home(j).resolve("envs"), LEFTOVER).isEmpty(), "the staging folder is gone");
                    assertRecovered(j, "flt-sig", file, false);
                });
            }
        }
        assertNoFailures("SIG");
    }

    // ------------------------------------------------------------------------------------------- cache corruption

    @Test
    void cacheCorruption() throws Exception {
        JcondaProcess j = fresh();
        Path file = envFile("flt-cache", true);
        assertEquals(0, j.run(work, "env", "create", "-f", file.toString()).exitCode());
        Path prefix = home(j).resolve("envs/flt-cache");
        Path jar = prefix.resolve("lib/base-1.0.jar");
        Path so = prefix.resolve("lib/native/libbig-3.so");
        String goodJar = EnvironmentLifecycleTest.sha256(jar);
        String goodSo = EnvironmentLifecycleTest.sha256(so);
        Path cachedJar = FaultFiles.cached(home(j).resolve("pkgs"), "base-1.0.jar");
        // ReliabilityTest replays each kind online by default; here the same --offline
        List<String> kinds = LONG ? List.of("flip", "truncate", "write-through-environment") : List.of("truncate");
        for (int round = 0; round < ROUNDS; round++) {
            for (String how : kinds) {
                for (boolean offline : LONG ? new boolean[]{false, true} : new boolean[]{true}) {
                    TALLY.trial("cache: " + how + " in a jar" + (offline ? " (--offline)" : ""), () -> {
                        FaultFiles.corrupt(how.equals("write-through-environment") ? jar : cachedJar, how);
                        Result r = offline
                                ? j.run(work, "env", "create", "-f", file.toString(), "--force", "--offline")
                                : j.run(work, "env", "create", "-f", file.toString(), "--force");
                        assertEquals(0, r.exitCode(), r.err());
                        assertEquals(goodJar, EnvironmentLifecycleTest.sha256(jar), "good bytes in the environment");
                        assertEquals(goodJar, EnvironmentLifecycleTest.sha256(cachedJar), "cache repaired");
                    });
                }
                if (LONG) TALLY.trial("cache: " + how + " in an unpacked native library", () -> {
                    FaultFiles.corrupt(so, how);
                    Result r = j.run(work, "env", "create", "-f", file.toString(), "--force");
                    assertEquals(0, r.exitCode(), r.err());
                    assertEquals(goodSo, EnvironmentLifecycleTest.sha256(so), "unpacked again");
                });
            }
            if (LONG) TALLY.trial("cache: flipped byte with the old modification time (doctor)", () -> {
                FaultFiles.corrupt(cachedJar, "flip-keep-time");
                Result doctor = j.run(work, "doctor", "--fix");
                assertTrue(doctor.out().contains(cachedJar.toString()), doctor.out());
                Result r = j.run(work, "env", "create", "-f", file.toString(), "--force");
                assertEquals(0, r.exitCode(), r.err());
                assertEquals(goodJar, EnvironmentLifecycleTest.sha256(jar));
            });
            if (LONG) TALLY.trial("cache: entry deleted", () -> {
                deleteQuietly(cachedJar.getParent());
                Result r = j.run(work, "env", "create", "-f", file.toString(), "--force");
                assertEquals(0, r.exitCode(), r.err());
                assertEquals(goodJar, EnvironmentLifecycleTest.sha256(cachedJar));
            });
        }
        assertNoFailures("cache");
    }

    // ---------------------------------------------------------------------------------------------- lock tampering

    @Test
    void lockTampering() throws Exception {
        JcondaProcess j = fresh();
        Path lock = lockAt(j, "flt-lock", repo.toUri().toString());
        assertEquals(0, j.run(work, "env", "create", "-f", lock.toString()).exitCode(), "a warm cache");
        String good = Files.readString(lock);
        String other = "0".repeat(64);
        String otherSha1 = "0".repeat(40);
        record Tamper(String what, String from, String to, int exit, String says) {
        }
        List<Tamper> tampers = List.of(
                new Tamper("file traversal", "file: base-1.0.jar", "file: \"../../../../x.jar\"", 2, "plain file name"),
                new Tamper("absolute file", "file: base-1.0.jar", "file: /tmp/x.jar", 2, "plain file name"),
                new Tamper("hidden file", "file: base-1.0.jar", "file: .x.jar", 2, "plain file name"),
                // the lock records the repository's published sha1 here; a sha256 line is added to tamper with one
                new Tamper("sha256 not hex", "        install: classpath",
                        "        sha256: \"zz\"\n        install: classpath", 2, "64 hex digits"),
                new Tamper("sha256 short", "        install: classpath",
                        "        sha256: \"a\"\n        install: classpath", 2, "64 hex digits"),
                new Tamper("sha1 short", "sha1: \"", "sha1: \"a", 2, "40 hex digits"),
                new Tamper("wrong sha256", "        install: classpath",
                        "        sha256: \"" + other + "\"\n        install: classpath", 1, "checksum mismatch"),
                new Tamper("wrong sha1", "REGEX:sha1: \"[0-9a-f]{40}\"", "sha1: \"" + otherSha1 + "\"", 1,
                        "checksum mismatch"),
                new Tamper("ftp url", "url: file:", "url: ftp:", 2, "scheme 'ftp'"),
                new Tamper("jar url", "url: file:", "url: jar:file:", 2, "scheme 'jar'"),
                new Tamper("url with credentials", "url: file:", "url: https://u:p@example.org/x?", 2, "credentials"),
                new Tamper("negative size", "REGEX:size: \\d+", "size: -5", 2, "whole number"),
                new Tamper("unknown install", "install: classpath", "install: everywhere", 2, "not one of"),
                new Tamper("unknown kind", "kind: maven", "kind: virus", 2, "not one of"),
                new Tamper("extract outside", "        install: classpath",
                        "        install: classpath\n        extract: ../../up", 2, "relative folder"),
                new Tamper("duplicate key", "        install: classpath", "        install: classpath\n        install: none",
                        2, "duplicate key"),
                new Tamper("malformed YAML", "platforms:", "platforms: [", 2, "malformed YAML"),
                new Tamper("future format", "version: 1\n", "version: 99\n", 2, "not supported"),
                new Tamper("environment name", "name: flt-lock", "name: \"../evil\"", 2, "invalid environment name"),
                new Tamper("platform name", "  linux-64:", "  \"../linux-64\":", 2, "invalid platform"),
                new Tamper("control character", "version: \"1.0\"", "version: \"1.0\\u001b[2J\"", 2, "control"),
                new Tamper("package name with a slash", "name: org.flt:base", "name: \"org.flt/../base\"", 2,
                        "invalid 'name'"),
                new Tamper("unknown key (a warning)", "        install: classpath",
                        "        install: classpath\n        colour: red", 0, "unknown key 'colour' ignored"));
        List<String> fast = List.of("file traversal", "sha256 short", "sha1 short", "wrong sha256", "wrong sha1",
                "ftp url", "extract outside",
                "malformed YAML", "unknown key (a warning)");
        for (int round = 0; round < ROUNDS; round++) {
            for (Tamper t : tampers.stream().filter(t -> LONG || fast.contains(t.what())).toList()) {
                TALLY.trial("lock tampering: " + t.what(), () -> {
                    String tampered = t.from().startsWith("REGEX:")
                            ? good.replaceFirst(t.from().substring(6), java.util.regex.Matcher.quoteReplacement(t.to()))
                            : good.replaceFirst(Pattern.quote(t.from()), java.util.regex.Matcher.quoteReplacement(t.to()));
                    assertFalse(tampered.equals(good), "the tamper applies");
                    Files.writeString(lock, tampered);
                    String name = "flt-tamper-" + HOMES.incrementAndGet();
                    JcondaProcess cold = t.exit() == 1 ? fresh() : j;
                    Result r = cold.run(work, "env", "create", "-f", lock.toString(), "-n", name);
                    if (t.exit() == 0) {
                        assertEquals(0, r.exitCode(), r.err());
                        assertTrue(r.err().contains(t.says()), r.err());
                        return;
                    }
                    assertOneLineError(r, t.exit());
                    assertTrue(r.err().contains(t.says()), r.err());
                    if (t.exit() == 2) {
                        assertTrue(r.err().matches("(?s).*jconda-lock.yml:\\d+:\\d+: .*"), "file:line:column: " + r.err());
                    }
                    assertFalse(Files.exists(home(cold).resolve("envs").resolve(name)));
                    assertTrue(find(work, Pattern.compile("x\\.jar|up")).isEmpty(), "nothing written outside");
                    if (t.exit() == 1) {
                        assertFalse(Files.exists(home(cold).resolve("pkgs").resolve(other)), "wrong bytes not cached");
                        assertFalse(Files.exists(home(cold).resolve("pkgs").resolve("sha1-" + otherSha1)),
                                "wrong bytes not cached");
                    }
                });
            }
        }
        Files.writeString(lock, good);
        assertNoFailures("lock tampering");
    }

    // ----------------------------------------------------------------------------------------------------- network

    @Test
    void networkFaults() throws Exception {
        String jar = "org/flt/base/1.0/base-1.0.jar";
        try (FaultServer server = new FaultServer(repo)) {
            JcondaProcess locker = fresh();
            Path lock = lockAt(locker, "flt-net", server.url());
            record Case(String what, List<Fault> faults, int exit, String says) {
            }
            List<Case> cases = List.of(
                    new Case("HTTP 500 once", List.of(Fault.ERROR_500), 0, "retrying base-1.0.jar"),
                    new Case("HTTP 500 on every try", List.of(Fault.ERROR_500, Fault.ERROR_500, Fault.ERROR_500), 1,
                            "HTTP 500 (after 3 attempts)"),
                    new Case("reset in the middle of the body", List.of(Fault.RESET_MID_BODY), 0, "retrying"),
                    new Case("wrong bytes", List.of(Fault.WRONG_BYTES), 1, "checksum mismatch for base-1.0.jar"),
                    new Case("trickle", List.of(Fault.TRICKLE), 0, "slow download: base-1.0.jar"),
                    new Case("stall", List.of(Fault.STALL, Fault.STALL, Fault.STALL), 1, "no data for 1 s"),
                    new Case("404", List.of(Fault.NOT_FOUND), 1, "HTTP 404"),
                    new Case("redirect", List.of(Fault.REDIRECT), 0, ""));
            server.trickleBytesPerSecond = 400;
            for (int round = 0; round < ROUNDS; round++) {
                List<String> fastCases = List.of("wrong bytes", "HTTP 500 on every try", "redirect");
                for (Case c : cases.stream().filter(c -> LONG || fastCases.contains(c.what())).toList()) {
                    TALLY.trial("network: " + c.what(), () -> {
                        server.clearFaults();
                        server.inject(jar, c.faults().toArray(Fault[]::new));
                        JcondaProcess j = fresh().env("JCONDA_REMOTE_READ_TIMEOUT_SECS", "1")
                                .env("JCONDA_REMOTE_MAX_RETRIES", "2").env("JCONDA_REMOTE_BACKOFF_FACTOR", "0.05")
                                .env("JCONDA_SLOW_DOWNLOAD_SECS", "0.5");
                        long t0 = System.nanoTime();
                        Result r = j.run(work, "env", "create", "-f", lock.toString());
                        double seconds = (System.nanoTime() - t0) / 1e9;
                        assertTrue(seconds < 30, "bounded: " + seconds + " s");
                        if (c.exit() == 0) {
                            assertEquals(0, r.exitCode(), r.err());
                        } else {
                            assertOneLineError(r, c.exit());
                            assertFalse(Files.exists(home(j).resolve("envs/flt-net")), "no environment");
                            try (var walk = Files.walk(home(j).resolve("pkgs"))) {
                                assertTrue(walk.noneMatch(p -> p.getFileName().toString().equals("base-1.0.jar")),
                                        "nothing cached");
                            }
                        }
                        assertTrue(r.err().contains(c.says()), r.err());
                    });
                }
                // Maven Resolver's transport, through `jconda lock` with the server as a Maven repository: the lock
                // reads POMs and published checksums but no jars (issue 11), so the faults are on the POM
                List<Case> maven = List.of(
                        new Case("Maven: HTTP 500 once", List.of(Fault.ERROR_500), 0, ""),
                        // Resolver fetches once more after a checksum failure: one bad answer is survived
                        new Case("Maven: wrong bytes once behind a correct .sha1", List.of(Fault.WRONG_BYTES), 0, ""),
                        new Case("Maven: wrong bytes on every try behind a correct .sha1",
                                List.of(Fault.WRONG_BYTES, Fault.WRONG_BYTES, Fault.WRONG_BYTES, Fault.WRONG_BYTES), 1,
                                "Checksum validation failed"),
                        new Case("Maven: stall", List.of(Fault.STALL, Fault.STALL, Fault.STALL, Fault.STALL), 1, ""),
                        new Case("Maven: missing checksum files", List.of(), 1, ""));
                for (Case c : maven.stream().filter(c -> LONG || c.what().contains("stall")).toList()) {
                    TALLY.trial("network: " + c.what(), () -> {
                        server.clearFaults();
                        String pom = "org/flt/base/1.0/base-1.0.pom";
                        server.inject(pom, c.faults().toArray(Fault[]::new));
                        if (c.what().contains("missing checksum")) {
                            server.inject(pom + ".sha1", Fault.NOT_FOUND, Fault.NOT_FOUND, Fault.NOT_FOUND,
                                    Fault.NOT_FOUND);
                            server.inject(pom + ".md5", Fault.NOT_FOUND, Fault.NOT_FOUND);
                            server.inject(pom + ".sha256", Fault.NOT_FOUND, Fault.NOT_FOUND);
                            server.inject(pom + ".sha512", Fault.NOT_FOUND, Fault.NOT_FOUND);
                        }
                        Path file = envFile("flt-net-maven", false);
                        Files.writeString(file, Files.readString(file).replace(repo.toUri().toString(), server.url()));
                        JcondaProcess j = fresh().env("JCONDA_REMOTE_READ_TIMEOUT_SECS", "1")
                                .env("JCONDA_REMOTE_MAX_RETRIES", "2").env("JCONDA_REMOTE_BACKOFF_FACTOR", "0.05");
                        Process p = j.start(work, "lock", "-f", file.toString());
                        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
                        if (!ended) {
                            FaultFiles.killTree(p);
                        }
                        assertTrue(ended, "bounded");
                        String err = Files.readString(j.errFile(p));
                        assertEquals(c.exit(), p.exitValue(), err);
                        assertFalse(err.contains("\tat "), err);
                        assertTrue(err.contains(c.says()), err);
                    });
                }
            }
        }
        assertNoFailures("network");
    }

    // ------------------------------------------------------------------------------------------------ concurrency

    @Test
    void concurrentCreatesSharingANativeBundle() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(LONG, "long mode only: ReliabilityTest replays it by default");
        for (int round = 0; round < ROUNDS; round++) {
            TALLY.trial("two creates sharing a native bundle at once", () -> {
                JcondaProcess j = fresh();
                Process a = j.start(work, "env", "create", "-f", envFile("flt-con-a", true).toString());
                Process b = j.start(work, "env", "create", "-f", envFile("flt-con-b", true).toString());
                a.waitFor();
                b.waitFor();
                assertEquals(0, a.exitValue(), Files.readString(j.errFile(a)));
                assertEquals(0, b.exitValue(), Files.readString(j.errFile(b)));
                assertEquals(0, j.run(work, "doctor").exitCode());
            });
            if (LONG) TALLY.trial("two creates of one name at once", () -> {
                JcondaProcess j = fresh();
                Path file = envFile("flt-con-same", true);
                Process a = j.start(work, "env", "create", "-f", file.toString());
                Process b = j.start(work, "env", "create", "-f", file.toString());
                a.waitFor();
                b.waitFor();
                assertEquals(List.of(0, 1), java.util.stream.Stream.of(a.exitValue(), b.exitValue()).sorted().toList());
                assertRecovered(j, "flt-con-same", file, true);
            });
        }
        assertNoFailures("two creates");
    }

    // ----------------------------------------------------------------------------------------------------- disks

    @Test
    void readOnlyAndFullDisks() throws Exception {
        Path ro = Files.createDirectories(work.resolve("mnt-ro/root"));
        boolean mountable = FaultFiles.mountTmpfs(ro, "ro,size=1m");
        if (!mountable) {
            System.out.println("disk faults skipped: this machine does not allow mounting a tmpfs");
            return;
        }
        try {
            if (LONG) TALLY.trial("disk: read-only JCONDA_ROOT", () -> {
                Result r = new JcondaProcess(ro).run(work, "env", "create", "-f", envFile("flt-ro", false).toString());
                assertOneLineError(r, 1);
                assertTrue(r.err().contains("read-only file system"), r.err());
            });
        } finally {
            FaultFiles.unmount(ro);
        }
        Path full = Files.createDirectories(work.resolve("mnt-full/root"));
        assertTrue(FaultFiles.mountTmpfs(full, "size=12m"));
        try {
            JcondaProcess j = new JcondaProcess(full);
            Path small = envFile("flt-full", false);
            assertEquals(0, j.run(work, "env", "create", "-f", small.toString()).exitCode());
            TALLY.trial("disk: full while a --force replace downloads and unpacks", () -> {
                Path big = envFile("flt-full-big", true);
                Files.writeString(big, Files.readString(big).replace("name: flt-full-big", "name: flt-full"));
                Result r = j.run(work, "env", "create", "-f", big.toString(), "--force");
                assertOneLineError(r, 1);
                assertTrue(r.err().contains("No space left on device"), r.err());
                assertEquals(0, j.run(work, "run", "-n", "flt-full", "--", "true").exitCode(), "the old one stays");
                assertTrue(find(full.resolve("envs"), LEFTOVER).isEmpty(), "no staging folder left");
                assertEquals(0, j.run(work, "doctor").exitCode(), "nothing unverified entered the cache");
            });
        } finally {
            FaultFiles.unmount(full);
        }
        assertNoFailures("disk");
    }

    // ------------------------------------------------------------------------------------------- bad command lines

    @Test
    void malformedCommandLines() throws Exception {
        JcondaProcess j = fresh();
        Path file = envFile("flt-cli", false);
        List<List<String>> lines = new ArrayList<>(List.of(
                List.of("env", "create", "-f", work.resolve("missing.yml").toString()),
                List.of("env", "create", "-f", file.toString(), "-n", ""),
                List.of("env", "create", "-f", file.toString(), "-n", ".."),
                List.of("env", "create", "-f", file.toString(), "-n", "a/b"),
                List.of("env", "create", "-f", file.toString(), "--bogus"),
                List.of("env", "remove", "-n", ".."),
                List.of("run", "-n", "nope", "--", "true"),
                List.of("run", "-n", "../x", "--", "true"),
                List.of("install", "-n", "nope", "org.flt:base"),
                List.of("lock", "-f", file.toString(), "-p", "win-99"),
                List.of("clean"),
                List.of("env", "create", "-f", file.toString(), "-p", work.resolve("p-\uD83D\uDE80").toString())));
        for (List<String> line : LONG ? lines : lines.subList(0, 6)) {
            TALLY.trial("bad command line", () -> {
                Result r = j.run(work, line.toArray(String[]::new));
                assertEquals(2, r.exitCode(), line + ": " + r.err());
                assertFalse(r.err().contains("\tat "), r.err());
                assertTrue(r.errLines().size() <= 2 && r.errLines().getFirst().startsWith("jconda: error: "),
                        line + ": " + r.err());
            });
        }
        assertFalse(Files.exists(home(j).resolve("envs")), "nothing created");
        assertNoFailures("bad command line");
    }
}
