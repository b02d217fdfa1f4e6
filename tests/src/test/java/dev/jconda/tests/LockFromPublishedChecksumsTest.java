package dev.jconda.tests;

import dev.jconda.tests.JcondaProcess.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.jconda.tests.MavenRepositoryFixture.deps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jconda lock} takes each jar's checksum from the repository (the strongest it publishes) and downloads no
 * jar; {@code env create} downloads and checks every file against the lock. The repository is served over HTTP on
 * 127.0.0.1 by a server that records every request.
 */
class LockFromPublishedChecksumsTest {
    @TempDir
    Path work;

    private Path repo;
    private RepositoryServer server;
    /** What the server was asked, {@code "GET /org/fix/app/1.0/app-1.0.jar"}. */
    private List<String> requests;

    @BeforeEach
    void serveRepository() throws Exception {
        repo = work.resolve("repo");
        MavenRepositoryFixture r = new MavenRepositoryFixture(repo);
        r.artifact("org.fix:lib:1.0", "");
        r.artifact("org.fix:app:1.0", deps("org.fix:lib:1.0"));
        Path appJar = repo.resolve("org/fix/app/1.0/app-1.0.jar");
        Files.writeString(appJar.resolveSibling("app-1.0.jar.sha512"),
                EnvironmentLifecycleTest.digest("SHA-512", appJar) + "  app-1.0.jar\n");
        server = RepositoryServer.start(repo);
        requests = server.requests();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String url() {
        return server.url();
    }

    private Path environment() throws IOException {
        return MavenRepositoryFixture.environment(work.resolve("app"), "published", url(), "org.fix:app");
    }

    private List<String> jarDownloads() {
        return requests.stream().filter(r -> r.startsWith("GET ") && r.endsWith(".jar")).toList();
    }

    @Test
    void lockDownloadsNoJarAndCreateDownloadsEachOnceAndChecksIt() throws Exception {
        Path file = environment();
        JcondaProcess jconda = new JcondaProcess(work.resolve("home"));
        Result lock = jconda.run(work, "lock", "-f", file.toString());
        assertEquals(0, lock.exitCode(), lock.err());
        assertEquals(List.of(), jarDownloads(), requests.toString());
        String text = Files.readString(file.resolveSibling("jconda-lock.yml"));
        // the strongest checksum the repository publishes, and which one it is
        assertTrue(text.contains("app-1.0.jar\n        sha512: \"" + EnvironmentLifecycleTest.digest("SHA-512",
                repo.resolve("org/fix/app/1.0/app-1.0.jar")) + "\"\n        size: "), text);
        assertTrue(text.contains("checksum-source: published-sha512"), text);
        assertTrue(text.contains("lib-1.0.jar\n        sha1: \"" + Files.readString(
                repo.resolve("org/fix/lib/1.0/lib-1.0.jar.sha1")) + "\"\n"), text);
        assertTrue(text.contains("checksum-source: published-sha1"), text);

        Result create = jconda.run(work, "env", "create", "-f", file.resolveSibling("jconda-lock.yml").toString());
        assertEquals(0, create.exitCode(), create.err());
        assertEquals(List.of("GET /org/fix/app/1.0/app-1.0.jar", "GET /org/fix/lib/1.0/lib-1.0.jar"),
                jarDownloads().stream().sorted().toList());
        assertTrue(Files.isRegularFile(work.resolve("home/envs/published/lib/app-1.0.jar")));
        // one store for file bytes: the package cache; Maven's local repository keeps POMs and version lists only
        try (Stream<Path> maven = Files.walk(work.resolve("home/cache"));
             Stream<Path> pkgs = Files.walk(work.resolve("home/pkgs"))) {
            assertEquals(List.of(), maven.filter(p -> p.toString().endsWith(".jar")).toList());
            assertEquals(2, pkgs.filter(p -> p.toString().endsWith(".jar")).count());
        }
    }

    @Test
    void aColdLockShowsFilesOnATerminalAndOneLinePerPhaseInALog() throws Exception {
        Path file = environment();
        Result log = new JcondaProcess(work.resolve("home")).run(work, "lock", "-f", file.toString());
        assertEquals(0, log.exitCode(), log.err());
        assertTrue(log.out().lines().anyMatch(l -> l.matches(
                "checksums 2 files by their checksums for linux-64, none downloaded \\(\\d+\\.\\d s\\)")), log.out());
        assertFalse(log.out().contains("\r") || log.err().contains("\r"), "no live line without a terminal");

        // on a terminal (script gives the command one) the lookups are counted live on stderr
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder terminal = new ProcessBuilder("script", "-qec", java + " -jar " + JcondaProcess.CLI_JAR
                + " lock -f " + file, "/dev/null").redirectErrorStream(true);
        terminal.environment().put("JCONDA_ROOT", work.resolve("cold-home").toString());
        Process tty = terminal.start();
        tty.getOutputStream().close();
        String screen = new String(tty.getInputStream().readAllBytes());
        assertEquals(0, tty.waitFor(), screen);
        assertTrue(screen.contains("\r\033[Kchecksums 0/2 files"), screen);
    }

    @Test
    void hashesSha256DownloadsEachJarOnceRecordsItsSha256AndCreateDownloadsNothingMore() throws Exception {
        Path file = environment();
        JcondaProcess jconda = new JcondaProcess(work.resolve("home"));
        Result lock = jconda.run(work, "lock", "-f", file.toString(), "--hashes", "sha256");
        assertEquals(0, lock.exitCode(), lock.err());
        assertEquals(List.of("GET /org/fix/app/1.0/app-1.0.jar", "GET /org/fix/lib/1.0/lib-1.0.jar"),
                jarDownloads().stream().sorted().toList());
        String text = Files.readString(file.resolveSibling("jconda-lock.yml"));
        for (String jar : List.of("org/fix/app/1.0/app-1.0.jar", "org/fix/lib/1.0/lib-1.0.jar")) {
            String name = jar.substring(jar.lastIndexOf('/') + 1);
            assertTrue(text.contains(name + "\n        sha256: \"" + EnvironmentLifecycleTest.digest("SHA-256",
                    repo.resolve(jar)) + "\"\n        size: "), text);
        }
        assertFalse(text.contains("sha1:") || text.contains("sha512:"), text);
        assertEquals(2, text.split("checksum-source: computed", -1).length - 1, text);

        Result create = jconda.run(work, "env", "create", "-f", file.resolveSibling("jconda-lock.yml").toString());
        assertEquals(0, create.exitCode(), create.err());
        assertEquals(2, jarDownloads().size(), "the lock's downloads serve the create: " + requests);
        // filed under the published checksum and under the sha256, but on disk once: two inodes for two jars
        try (Stream<Path> pkgs = Files.walk(work.resolve("home/pkgs"))) {
            assertEquals(2, pkgs.filter(p -> p.toString().endsWith(".jar"))
                    .map(p -> uncheckedInode(p)).distinct().count());
        }
        // jconda info counts each file once, however many names it has
        long jarBytes = Files.size(repo.resolve("org/fix/app/1.0/app-1.0.jar"))
                + Files.size(repo.resolve("org/fix/lib/1.0/lib-1.0.jar"));
        Result info = jconda.run(work, "info", "--json");
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().contains("\"cache_size\": {\n    \"package_bytes\": " + jarBytes
                + ",\n    \"package_files\": 2,\n"), info.out());
        Result plain = jconda.run(work, "info");
        assertTrue(plain.out().contains("cache size : " + jarBytes + " B in 2 files, and "), plain.out());
    }

    private static Object uncheckedInode(Path p) {
        try {
            return Files.getAttribute(p, "unix:ino");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aJarThatDoesNotMatchTheLockIsRefusedAndNothingEntersTheCache() throws Exception {
        Path file = environment();
        JcondaProcess jconda = new JcondaProcess(work.resolve("home"));
        assertEquals(0, jconda.run(work, "lock", "-f", file.toString()).exitCode());
        // the repository now serves other bytes under the locked name
        Files.writeString(repo.resolve("org/fix/lib/1.0/lib-1.0.jar"), "not the locked jar");

        Result create = jconda.run(work, "env", "create", "-f", file.resolveSibling("jconda-lock.yml").toString());
        assertEquals(1, create.exitCode(), create.err());
        assertTrue(create.err().contains("checksum mismatch for lib-1.0.jar"), create.err());
        try (Stream<Path> cached = Files.walk(work.resolve("home/pkgs"))) {
            assertFalse(cached.anyMatch(p -> p.getFileName().toString().startsWith("lib-1.0.jar")),
                    "the refused jar is not in the cache");
        }
        assertFalse(Files.exists(work.resolve("home/envs/published")));
    }

    @Test
    void aRepositoryWithoutChecksumsSaysWhatIsMissingInsteadOfThatThePackageIsAbsent() throws Exception {
        Path file = environment();
        Files.delete(repo.resolve("org/fix/lib/1.0/lib-1.0.jar.sha1"));
        JcondaProcess jconda = new JcondaProcess(work.resolve("home"));
        Result jar = jconda.run(work, "lock", "-f", file.toString());
        assertEquals(1, jar.exitCode(), jar.err());
        assertEquals(List.of("jconda: error: the repository publishes no checksum for " + url()
                + "org/fix/lib/1.0/lib-1.0.jar (no .sha512, .sha256 or .sha1 beside it); jconda locks a file by the "
                + "checksum its repository publishes, so add one there"), jar.errLines());

        // a hand-made file:// repository without maven-metadata.xml.sha1: the artifact is there, and so it is said
        Files.delete(repo.resolve("org/fix/app/maven-metadata.xml.sha1"));
        Files.writeString(file, Files.readString(file).replace(url(), repo.toUri().toString()));
        Result metadata = jconda.run(work, "lock", "-f", file.toString());
        assertEquals(1, metadata.exitCode(), metadata.err());
        assertTrue(metadata.err().contains("cannot read the version list of org.fix:app from " + repo.toUri())
                && metadata.err().contains("Checksum validation failed")
                && metadata.err().contains("must publish a .sha1, .sha256 or .sha512 beside maven-metadata.xml"),
                metadata.err());
        assertFalse(metadata.err().contains("no Maven repository has"), metadata.err());
    }

    /**
     * A plain version below one already requested for the same name is not read: the solver takes the highest
     * requested version (here lib 1.0, which top asks for; deep, two levels down, asks for 0.9), as Maven and
     * Coursier read only the POMs of the versions they select.
     */
    @Test
    void aLowerVersionThanOneAlreadyRequestedIsNotRead() throws Exception {
        new MavenRepositoryFixture(repo).artifact("org.fix:lib:0.9", "")
                .artifact("org.fix:deep:1.0", deps("org.fix:lib:0.9"))
                .artifact("org.fix:mid:1.0", deps("org.fix:deep:1.0"))
                .artifact("org.fix:top:1.0", deps("org.fix:lib:1.0", "org.fix:mid:1.0"));
        Path file = MavenRepositoryFixture.environment(work.resolve("top"), "top", url(), "'org.fix:top==1.0'");
        Result lock = new JcondaProcess(work.resolve("home")).run(work, "lock", "-f", file.toString());
        assertEquals(0, lock.exitCode(), lock.err());
        String text = Files.readString(file.resolveSibling("jconda-lock.yml"));
        assertTrue(text.contains("coordinates: org.fix:lib:jar:1.0") && !text.contains("org.fix:lib:jar:0.9"), text);
        assertTrue(requests.contains("GET /org/fix/deep/1.0/deep-1.0.pom"), requests.toString());
        assertFalse(requests.stream().anyMatch(r -> r.contains("/lib/0.9/")), "lib 0.9 was read: " + requests);
    }

    @Test
    void anExactVersionIsReadFromItsPomWithoutListingEveryVersion() throws Exception {
        Path file = MavenRepositoryFixture.environment(work.resolve("exact"), "exact", url(), "'org.fix:app==1.0'");
        JcondaProcess jconda = new JcondaProcess(work.resolve("home"));
        Result lock = jconda.run(work, "lock", "-f", file.toString());
        assertEquals(0, lock.exitCode(), lock.err());
        assertTrue(requests.contains("GET /org/fix/app/1.0/app-1.0.pom"), requests.toString());
        assertFalse(requests.contains("GET /org/fix/app/maven-metadata.xml"), "no version list for an exact "
                + "version: " + requests);
        assertTrue(Files.readString(file.resolveSibling("jconda-lock.yml")).contains("coordinates: org.fix:app:jar:1.0"));

        // a version the repository does not have is still said to be missing, with the versions it does have
        Files.writeString(file, Files.readString(file).replace("==1.0", "==9.9"));
        Result missing = jconda.run(work, "lock", "-f", file.toString());
        assertEquals(1, missing.exitCode(), missing.err());
        assertEquals(1, missing.errLines().size(), missing.err());
        assertTrue(missing.err().contains("org.fix:app") && missing.err().contains("9.9"), missing.err());
        assertTrue(missing.err().contains("1.0"), "names the version there is: " + missing.err());
    }
}
