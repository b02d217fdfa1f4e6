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
    static void writeRepository() throws Exception {
        repo = work.resolve("repo");
        MavenRepositoryFixture r = new MavenRepositoryFixture(repo);
        r.artifact("org.rel:base:1.0", "");
        r.artifact("org.rel:app:1.0", deps("org.rel:base:1.0"));
        jconda = new JcondaProcess(work.resolve("home"));
        channel = FaultFiles.nativeChannel(work.resolve("channel"), 16);
    }

    static Path channel;

    static Path nativeEnvFile(String name) throws IOException {
        return envFile(name, channel, "  - libbig=1.0");
    }

    static Path envFile(String name) throws IOException {
        return envFile(name, repo, "  - maven:\n      - org.rel:app=1.0");
    }

    static Path envFile(String name, Path channelFolder, String dependencies) throws IOException {
        Path dir = Files.createDirectories(work.resolve("files").resolve(name));
        return Files.writeString(dir.resolve("environment.yml"), """
                name: %s
                channels:
                  - %s
                dependencies:
                %s
                """.formatted(name, channelFolder.toUri(), dependencies));
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

        // locks record the repository's published checksum (sha1 for this repository): that is what is tampered
        String tampered = text.replaceFirst("sha1: \"[0-9a-f]{40}\"", "sha1: \"not-a-hash\"");
        assertFalse(tampered.equals(text), "the lock has a sha1 to tamper with");
        Files.writeString(lock, tampered);
        Result hash = jconda.run(work, "env", "create", "-f", lock.toString(), "-n", "rel-hash");
        assertEquals(2, hash.exitCode(), hash.err());
        assertTrue(hash.err().contains("'sha1' must be 40 hex digits, not 'not-a-hash'"), hash.err());
    }

    /**
     * Issue 9.1: a {@code --force} replace killed between its two renames (old aside, new into place) left no
     * environment, and the next create deleted both copies. strace delays the return of every rename by seconds, so
     * the kill lands exactly in that gap; the old environment must answer to its name again afterwards.
     */
    @Test
    void forceReplaceKilledBetweenItsRenamesKeepsTheOldEnvironment() throws Exception {
        Path file = envFile("rel-swap");
        assertEquals(0, jconda.run(work, "env", "create", "-f", file.toString()).exitCode());
        Path envs = work.resolve("home/envs");
        Path prefix = envs.resolve("rel-swap");
        JcondaProcess traced = new JcondaProcess(work.resolve("home")).wrappedIn("strace", "-f", "-qq",
                "--seccomp-bpf", "-o", "/dev/null", "-e", "trace=rename,renameat,renameat2",
                "-e", "inject=rename,renameat,renameat2:delay_exit=1500000");
        Process p = traced.start(work, "env", "create", "-f", file.toString(), "--force");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        boolean inGap = false;
        while (p.isAlive() && System.nanoTime() < deadline && !inGap) {
            inGap = !Files.exists(prefix) && !FaultFiles.named(envs, ".rel-swap.trash-").isEmpty();
            Thread.sleep(20);
        }
        assertTrue(inGap, "the create was caught between its renames: " + Files.readString(traced.errFile(p)));
        FaultFiles.killTree(p);
        assertFalse(Files.exists(prefix), "the kill landed in the gap");

        Result list = jconda.run(work, "env", "list");
        assertTrue(list.out().contains("rel-swap"), "the old environment is back: " + list.out() + list.err());
        Result run = jconda.run(work, "run", "-n", "rel-swap", "--", "sh", "-c", "echo $CLASSPATH");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(2, run.out().strip().split(":").length, run.out());
        assertEquals(List.of(), FaultFiles.named(envs, ".rel-swap.trash-"), "nothing left aside");
        Result again = jconda.run(work, "env", "create", "-f", file.toString(), "--force");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(Files.isRegularFile(prefix.resolve("jconda-meta/lock.yml")));
    }

    /**
     * Issue 9.3: the cache was trusted by presence. A flipped byte or a truncated jar in {@code pkgs/}, a write into an
     * environment's jar (the same inode as the cache's), and a flipped byte in an unpacked native bundle all passed
     * {@code env create --force} and spread to new environments.
     */
    @Test
    void corruptedCacheEntriesAreFoundAndRepairedBeforeTheyReachAnEnvironment() throws Exception {
        Path file = envFile("rel-cache");
        assertEquals(0, jconda.run(work, "env", "create", "-f", file.toString()).exitCode());
        Path envJar = work.resolve("home/envs/rel-cache/lib/base-1.0.jar");
        String good = EnvironmentLifecycleTest.sha256(envJar);
        Path cached = FaultFiles.cached(work.resolve("home/pkgs"), "base-1.0.jar");
        assertTrue(Files.isRegularFile(cached));
        assertFalse(FaultFiles.writable(envJar), "linked files are read-only: writing one would change the cache");

        for (String fault : List.of("flip", "truncate", "write-through-environment")) {
            Path victim = fault.equals("write-through-environment") ? envJar : cached;
            FaultFiles.corrupt(victim, fault);
            assertTrue(!good.equals(EnvironmentLifecycleTest.sha256(cached)), fault + " reached the cache");
            Result again = jconda.run(work, "env", "create", "-f", file.toString(), "--force");
            assertEquals(0, again.exitCode(), fault + ": " + again.err());
            assertTrue(again.err().contains("no longer matches"), fault + ": the user is told: " + again.err());
            assertEquals(good, EnvironmentLifecycleTest.sha256(envJar), fault + ": the new environment has good bytes");
            assertEquals(good, EnvironmentLifecycleTest.sha256(cached), fault + ": the cache was repaired");
        }

        FaultFiles.corrupt(cached, "flip-keep-time");
        Result doctor = jconda.run(work, "doctor");
        assertEquals(1, doctor.exitCode(), doctor.out() + doctor.err());
        assertTrue(doctor.out().contains(cached.toString()), "the full pass finds what size+time cannot: " + doctor.out());
        Result fix = jconda.run(work, "doctor", "--fix");
        assertEquals(0, fix.exitCode(), fix.out() + fix.err());
        assertFalse(Files.exists(cached), "a corrupt entry is removed; the next create fetches it again");
        assertEquals(0, jconda.run(work, "doctor").exitCode());

        Path nat = nativeEnvFile("rel-native-cache");
        assertEquals(0, jconda.run(work, "env", "create", "-f", nat.toString()).exitCode());
        Path so = work.resolve("home/envs/rel-native-cache/lib/native/libbig-0.so");
        String goodSo = EnvironmentLifecycleTest.sha256(so);
        FaultFiles.corrupt(so, "flip");
        Result nativeAgain = jconda.run(work, "env", "create", "-f", nat.toString(), "--force");
        assertEquals(0, nativeAgain.exitCode(), nativeAgain.err());
        assertEquals(goodSo, EnvironmentLifecycleTest.sha256(so), "the bundle was unpacked again from its archive");
    }

    /** Issue 9.5: two creates needing the same native bundle at once; one failed 5/5 ("not extracting ... over"). */
    @Test
    void concurrentCreatesSharingANativeBundleBothSucceed() throws Exception {
        for (int round = 0; round < 1; round++) {
            JcondaProcess fresh = new JcondaProcess(work.resolve("home-shared-" + round));
            Process a = fresh.start(work, "env", "create", "-f", nativeEnvFile("rel-share-a").toString());
            Process b = fresh.start(work, "env", "create", "-f", nativeEnvFile("rel-share-b").toString());
            a.waitFor();
            b.waitFor();
            assertEquals(0, a.exitValue(), Files.readString(fresh.errFile(a)));
            assertEquals(0, b.exitValue(), Files.readString(fresh.errFile(b)));
            for (String env : List.of("rel-share-a", "rel-share-b")) {
                Path lib = work.resolve("home-shared-" + round + "/envs/" + env + "/lib/native");
                try (var s = Files.list(lib)) {
                    assertEquals(8, s.count(), env);
                }
            }
        }
    }

    /**
     * Issue 9.8: bad names were found after solving ({@code -n ..} said "already exists", a 220-character name failed
     * late and left {@code .NAME.lock}); a prefix with an emoji was created but nothing ran from it.
     */
    @Test
    void unusableNamesAndPrefixesAreRefusedUpFrontAndLeaveNothing() throws Exception {
        Path file = envFile("rel-names");
        JcondaProcess fresh = new JcondaProcess(work.resolve("home-names"));
        String longName = "n".repeat(220);
        List<List<String>> cases = List.of(
                List.of("-n", "..", "invalid environment name '..'"),
                List.of("-n", longName, "environment name of 220 characters is too long"),
                List.of("-p", work.resolve("env-\uD83D\uDE00").toString(), "U+1F600, a character outside"));
        for (List<String> c : cases) {
            Result r = fresh.run(work, "env", "create", "-f", file.toString(), c.get(0), c.get(1));
            assertEquals(2, r.exitCode(), r.err());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().contains(c.get(2)), r.err());
            assertFalse(r.err().contains("already exists"), r.err());
            assertFalse(Files.exists(work.resolve("home-names")), "refused before anything was written: " + c.get(0));
        }
        Path named = Files.writeString(file.resolveSibling("bad-name.yml"),
                Files.readString(file).replace("name: rel-names", "name: \"a/b\""));
        Result fromFile = fresh.run(work, "env", "create", "-f", named.toString());
        assertEquals(2, fromFile.exitCode(), fromFile.err());
        assertTrue(fromFile.errLines().getFirst().contains(named + ":1:7: invalid environment name 'a/b'"),
                fromFile.err());
        assertFalse(Files.exists(work.resolve("home-names/pkgs")), "refused before solving");

        Path lock = Files.writeString(file.resolveSibling("jconda-lock.yml"), "# jconda lockfile\nversion: 1\nplatforms: [\n");
        Result yaml = fresh.run(work, "env", "create", "-f", lock.toString());
        assertEquals(2, yaml.exitCode(), yaml.err());
        assertTrue(yaml.errLines().getFirst().matches("jconda: error: .*jconda-lock.yml:\\d+:\\d+: malformed YAML.*"),
                yaml.err());
    }

    /** Issue 9.8: SIGINT and SIGTERM printed nothing and TERM exited 143; the README promises 130. */
    @Test
    void interruptedCreatePrintsOneLineAndExits130() throws Exception {
        Path file = envFile("rel-signal");
        for (String signal : List.of("INT", "TERM")) {
            JcondaProcess slow = new JcondaProcess(work.resolve("home")).env("JCONDA_TEST_PAUSE_BEFORE_COMMIT_MS", "60000");
            Process p = slow.start(work, "env", "create", "-f", file.toString());
            Path envs = work.resolve("home/envs");
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (FaultFiles.named(envs, ".rel-signal.partial-").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
            p.waitFor();
            String err = Files.readString(slow.errFile(p));
            assertEquals(130, p.exitValue(), signal + ": " + err);
            assertEquals(List.of("jconda: interrupted (SIG" + signal + "); nothing half-made is left"),
                    err.lines().filter(l -> l.startsWith("jconda:")).toList());
            assertFalse(Files.exists(envs.resolve("rel-signal")));
            assertEquals(List.of(), FaultFiles.named(envs, ".rel-signal.partial-"));
        }
    }

    /** Issue 9.8: a read-only JCONDA_ROOT reported a Maven named-lock failure. */
    @Test
    void readOnlyRootSaysSo() throws Exception {
        Path mount = Files.createDirectories(work.resolve("ro-root/jconda"));
        org.junit.jupiter.api.Assumptions.assumeTrue(FaultFiles.mountTmpfs(mount, "ro,size=1m"),
                "needs root and mount(8) for a read-only file system");
        try {
            Result r = new JcondaProcess(mount).run(work, "env", "create", "-f",
                    envFile("rel-ro").toString());
            assertEquals(1, r.exitCode(), r.err());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().contains("cannot write to JCONDA_ROOT " + mount + ": read-only file system"), r.err());
        } finally {
            FaultFiles.unmount(mount);
        }
    }

    /**
     * Issue 9.7: temporaries an interrupted command leaves ({@code .download*.tmp}, Maven's {@code *.tmp},
     * {@code .extracted-*.extracting-*}, {@code .NAME.partial-*}; since then also {@code .inflated-*.tmp}, entries
     * inflated while their zip downloaded) were never removed. Every writing command now removes
     * those older than an hour (staging folders as soon as their name is unlocked), and {@code jconda clean} the rest.
     */
    @Test
    void staleTemporariesAreRemovedByTheNextWritingCommandAndByClean() throws Exception {
        Path home = work.resolve("home-clean");
        JcondaProcess clean = new JcondaProcess(home);
        Path file = envFile("rel-clean");
        assertEquals(0, clean.run(work, "env", "create", "-f", file.toString()).exitCode());
        Path key;
        try (var s = Files.list(home.resolve("pkgs"))) {
            key = s.findFirst().orElseThrow();
        }
        java.nio.file.attribute.FileTime twoHoursAgo = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofHours(2)));
        List<Path> old = List.of(key.resolve(".download123.tmp"), key.resolve(".extracted-0a1b.extracting-x"),
                key.resolve(".inflated-5e6f.tmp"),
                Files.createDirectories(home.resolve("cache/maven/org/rel/base/1.0")).resolve("base-1.0.jar.42.tmp"),
                home.resolve("envs/.rel-clean.partial-0f0e0d0c-0b0a-0908-0706-050403020100"));
        for (Path p : old) {
            String name = p.getFileName().toString();
            if (name.contains(".extract") || name.contains(".partial-") || name.startsWith(".inflated-")) {
                Files.createDirectories(p);
                Files.writeString(p.resolve("half.so"), "half");
            } else {
                Files.writeString(p, "half");
            }
            Files.setLastModifiedTime(p, twoHoursAgo);
        }
        Files.setLastModifiedTime(old.getLast(), java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
        Path fresh = Files.writeString(key.resolve(".download999.tmp"), "being written");
        // Maven's repository is walked once an hour at most; the last walk was the create's, two hours "ago"
        Files.setLastModifiedTime(home.resolve(".last-sweep"), twoHoursAgo);

        Result lock = clean.run(work, "lock", "-f", file.toString());
        assertEquals(0, lock.exitCode(), lock.err());
        for (Path p : old) {
            assertFalse(Files.exists(p), "removed by the next writing command: " + p);
        }
        assertTrue(Files.exists(fresh), "a temporary that may still be written is kept");

        Files.setLastModifiedTime(fresh, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofMinutes(5))));
        Result dry = clean.run(work, "clean", "--tmp", "--dry-run");
        assertEquals(0, dry.exitCode(), dry.err());
        assertTrue(dry.out().contains(fresh.toString()) && Files.exists(fresh), dry.out());
        Result unconfirmed = clean.run(work, "clean", "--tmp");
        assertEquals(1, unconfirmed.exitCode(), "no answer on stdin is a no: " + unconfirmed.out());
        assertTrue(Files.exists(fresh));
        assertEquals(0, clean.run(work, "clean", "--tmp", "-y").exitCode());
        assertFalse(Files.exists(fresh));

        int entries = FaultFiles.named(home.resolve("pkgs"), "").size();
        assertEquals(0, clean.run(work, "clean", "--pkgs", "-y").exitCode());
        assertEquals(entries, FaultFiles.named(home.resolve("pkgs"), "").size(), "entries an environment links stay");
        assertEquals(0, clean.run(work, "env", "remove", "-n", "rel-clean").exitCode());
        Result pkgs = clean.run(work, "clean", "--pkgs", "-y");
        assertEquals(0, pkgs.exitCode(), pkgs.err());
        assertEquals(List.of(), FaultFiles.named(home.resolve("pkgs"), ""), "unlinked entries go: " + pkgs.out());
    }

    /**
     * Issue 9.6: no read timeout and no retries. A 500 or a reset failed at once; a mirror that stalls or trickles kept
     * {@code env create} (and Maven Resolver's path, {@code jconda lock}) silent for as long as it liked.
     */
    @Test
    void downloadsRetryTransientFaultsTimeOutStallsAndReportSlowFiles() throws Exception {
        Path file = envFile("rel-net");
        assertEquals(0, jconda.run(work, "lock", "-f", file.toString()).exitCode());
        String fileLock = Files.readString(file.resolveSibling("jconda-lock.yml"));
        String jar = "org/rel/base/1.0/base-1.0.jar";
        try (FaultServer server = new FaultServer(repo)) {
            Path lock = Files.writeString(Files.createDirectories(work.resolve("files/rel-net-http"))
                    .resolve("jconda-lock.yml"), fileLock.replace(repo.toUri().toString(), server.url()));
            int[] round = {0};
            java.util.function.Supplier<JcondaProcess> fresh = () -> new JcondaProcess(
                    work.resolve("home-net-" + round[0]++))
                    .env("JCONDA_REMOTE_READ_TIMEOUT_SECS", "1").env("JCONDA_REMOTE_MAX_RETRIES", "2")
                    .env("JCONDA_REMOTE_BACKOFF_FACTOR", "0.05").env("JCONDA_SLOW_DOWNLOAD_SECS", "0.5");

            server.inject(jar, FaultServer.Fault.ERROR_500, FaultServer.Fault.RESET_MID_BODY);
            Result transient_ = fresh.get().run(work, "env", "create", "-f", lock.toString());
            assertEquals(0, transient_.exitCode(), transient_.err());
            assertTrue(transient_.err().contains("retrying base-1.0.jar from 127.0.0.1 in 0.05 s (retry 1 of 2): HTTP 500"),
                    transient_.err());
            assertTrue(transient_.err().contains("(retry 2 of 2): connection closed after")
                    || transient_.err().contains("(retry 2 of 2): SocketException"), transient_.err());

            server.inject(jar, FaultServer.Fault.STALL, FaultServer.Fault.STALL, FaultServer.Fault.STALL);
            long started = System.nanoTime();
            Result stalled = fresh.get().run(work, "env", "create", "-f", lock.toString());
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals(1, stalled.exitCode(), stalled.err());
            assertTrue(stalled.errLines().getLast().contains("no data for 1 s (after 3 attempts)"), stalled.err());
            assertTrue(seconds < 20, "bounded wait: " + seconds + " s");

            server.trickleBytesPerSecond = 400;
            server.inject(jar, FaultServer.Fault.TRICKLE);
            Result slow = fresh.get().run(work, "env", "create", "-f", lock.toString());
            assertEquals(0, slow.exitCode(), slow.err());
            assertEquals(1, slow.err().lines().filter(l -> l.startsWith("jconda: slow download: base-1.0.jar from "
                    + "127.0.0.1")).count(), "one line for the slow file: " + slow.err());

            // Maven Resolver's own transport, through `jconda lock` against the server as a Maven repository; the lock
            // reads POMs and published checksums, not jars, so the stall is on the POM
            Path viaMaven = envFile("rel-net-maven", repo, "  - maven:\n      - org.rel:app=1.0");
            Files.writeString(viaMaven, Files.readString(viaMaven).replace(repo.toUri().toString(), server.url()));
            server.inject("org/rel/base/1.0/base-1.0.pom", FaultServer.Fault.STALL, FaultServer.Fault.STALL, FaultServer.Fault.STALL,
                    FaultServer.Fault.STALL);
            JcondaProcess maven = fresh.get();
            started = System.nanoTime();
            Process p = maven.start(work, "lock", "-f", viaMaven.toString());
            boolean ended = p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            if (!ended) {
                FaultFiles.killTree(p);
            }
            assertTrue(ended, "Maven Resolver's read timeout ends a stalled download");
            assertEquals(1, p.exitValue(), Files.readString(maven.errFile(p)));
            assertTrue(Files.readString(maven.errFile(p)).contains("base"), Files.readString(maven.errFile(p)));
        }
    }

    /**
     * Issue 9.4: a jar fetched once through a mirror that served wrong bytes with a matching {@code .sha1} was later
     * locked with the real repository's URL and the poisoned checksum. Locks no longer read jars at all (issue 11): they
     * record the checksum each repository publishes beside its URL, and {@code env create} downloads from that URL and
     * verifies. So the mirror's checksum goes with the mirror's URL only, its bytes (even cached) never satisfy a lock
     * made against the real repository, and the mirror's bytes are refused where the real checksum is expected.
     */
    @Test
    void aJarFromAPoisonedMirrorIsNotLockedForTheRealRepository() throws Exception {
        Path mirror = work.resolve("mirror");
        try (var walk = Files.walk(repo)) {
            for (Path p : walk.toList()) {
                Path to = mirror.resolve(repo.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        Path poisoned = mirror.resolve("org/rel/base/1.0/base-1.0.jar");
        Files.write(poisoned, "not the real jar".getBytes());
        String poisonedSha1 = sha1(poisoned);
        Files.writeString(poisoned.resolveSibling("base-1.0.jar.sha1"), poisonedSha1);
        Path realJar = repo.resolve("org/rel/base/1.0/base-1.0.jar");
        String realSha1 = sha1(realJar);

        Path file = envFile("rel-mirror", repo, "  - maven:\n      - org.rel:app=1.0");
        Files.writeString(file, Files.readString(file).replace(repo.toUri().toString(), "maven-central"));
        Path lock = file.resolveSibling("jconda-lock.yml");
        JcondaProcess viaMirror = centralAt(mirror);
        String mirrorLock = lockText(viaMirror, file);
        assertEquals(poisonedSha1, lockedBase(mirrorLock, mirror).group(2), "the mirror's checksum, with its URL");
        // the poisoned bytes reach the package cache (and an environment) through the mirror's own lock
        Result poisonedEnv = viaMirror.run(work, "env", "create", "-f", lock.toString(), "-n", "rel-mirror-env");
        assertEquals(0, poisonedEnv.exitCode(), poisonedEnv.err());

        JcondaProcess viaReal = centralAt(repo);
        String realLock = lockText(viaReal, file);
        assertEquals(realSha1, lockedBase(realLock, repo).group(2), "the real repository's checksum, not the mirror's");
        assertFalse(realLock.contains(poisonedSha1), realLock);

        // the warm cache holds the poisoned bytes, but under the mirror's checksum: the real lock gets real bytes
        Result real = viaReal.run(work, "env", "create", "-f", lock.toString(), "-n", "rel-real-env");
        assertEquals(0, real.exitCode(), real.err());
        assertEquals(EnvironmentLifecycleTest.sha256(realJar), EnvironmentLifecycleTest.sha256(
                work.resolve("home-mirror/envs/rel-real-env/lib/base-1.0.jar")), "the real bytes were installed");

        // the real lock pointed at the mirror (the mirror answering for the real repository): refused at install
        Files.writeString(lock, realLock.replace(repo.toUri().toString(), mirror.toUri().toString()));
        Result refused = new JcondaProcess(work.resolve("home-mirror-cold"))
                .run(work, "env", "create", "-f", lock.toString(), "-n", "rel-refused");
        assertEquals(1, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("checksum mismatch for base-1.0.jar"), refused.err());
        assertFalse(Files.exists(work.resolve("home-mirror-cold/envs/rel-refused")), "no environment");
        try (var walk = Files.walk(work.resolve("home-mirror-cold"))) {
            assertTrue(walk.noneMatch(p -> p.getFileName().toString().equals("base-1.0.jar")), "nothing cached");
        }
    }

    /** One jconda home whose {@code maven-central} is {@code repository}. */
    private JcondaProcess centralAt(Path repository) {
        return new JcondaProcess(work.resolve("home-mirror")).env("JCONDA_MAVEN_CENTRAL_URL",
                repository.toUri().toString());
    }

    /** {@code jconda lock -f file}, which must succeed; the lock's text. */
    private String lockText(JcondaProcess j, Path file) throws Exception {
        Result r = j.run(work, "lock", "-f", file.toString());
        assertEquals(0, r.exitCode(), r.err());
        return Files.readString(file.resolveSibling("jconda-lock.yml"));
    }

    /** The locked entry of org.rel:base: its URL (which must be under {@code from}) and its sha1. */
    private static java.util.regex.Matcher lockedBase(String lockText, Path from) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "file: base-1.0.jar\n\\s+url: (\\S+)\n\\s+sha1: \"([0-9a-f]{40})\"").matcher(lockText);
        assertTrue(m.find(), lockText);
        assertTrue(m.group(1).startsWith(from.toUri().toString()), m.group(1));
        return m;
    }

    private static String sha1(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file)));
    }
}
