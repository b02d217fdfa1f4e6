package dev.jconda.tests;

import com.sun.net.httpserver.HttpServer;
import dev.jconda.tests.JcondaProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A remote channel index is named by the URL of its {@code index.yml} (channels/README.md). A URL that is not one is
 * a Maven repository; when that reading leaves a package name unfound, the error says how the URL was read and how
 * to name the index, and a URL naming some other YAML file is refused as bad input.
 */
class IndexChannelUrlTest {
    @TempDir
    Path work;

    /** A channel index served over HTTP on 127.0.0.1, as a static file server would. */
    private HttpServer serveIndex() throws Exception {
        // the index's url: points at its bundle on disk; only the index itself comes over HTTP here
        byte[] index = Files.readAllBytes(FaultFiles.nativeChannel(work.resolve("chan"), 1).resolve("index.yml"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/chan/", exchange -> {
            boolean found = exchange.getRequestURI().getPath().equals("/chan/index.yml");
            exchange.sendResponseHeaders(found ? 200 : 404, found ? index.length : -1);
            if (found) {
                exchange.getResponseBody().write(index);
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void theUrlOfIndexYmlIsAChannelAndTheFolderUrlSaysItWasReadAsAMavenRepository() throws Exception {
        HttpServer server = serveIndex();
        try {
            String chan = "http://127.0.0.1:" + server.getAddress().getPort() + "/chan";
            JcondaProcess jconda = new JcondaProcess(work.resolve("home"));

            Result index = jconda.run(work, "create", "-n", "acme", "-c", chan + "/index.yml", "libbig", "-y");
            assertEquals(0, index.exitCode(), index.err());
            assertTrue(Files.isRegularFile(work.resolve("home/envs/acme/lib/native/libbig-0.so")));

            Result folder = jconda.run(work, "create", "-n", "acme-folder", "-c", chan, "libbig", "-y");
            assertEquals(1, folder.exitCode(), folder.err());
            assertEquals(1, folder.errLines().size(), folder.err());
            assertTrue(folder.err().contains("no channel has a package named libbig; " + chan
                    + "/ is a Maven repository (a channel URL not ending in index.yml is read as one); a channel index "
                    + "is named by the URL of its index.yml: " + chan + "/index.yml"), folder.err());
            assertFalse(Files.exists(work.resolve("home/envs/acme-folder")));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aUrlNamingAnotherYamlFileIsRefusedAsBadInput() throws Exception {
        JcondaProcess jconda = new JcondaProcess(work.resolve("home"));
        Result r = jconda.run(work, "create", "-n", "acme", "-c", "https://example.org/chan/acme.yaml",
                "libbig", "-y");
        assertEquals(2, r.exitCode(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("channel 'https://example.org/chan/acme.yaml' names a YAML file, but a channel "
                + "index must be named index.yml"), r.err());
        assertFalse(Files.exists(work.resolve("home/envs/acme")));
    }

    @Test
    void aBadChannelInAnEnvironmentFileIsReportedAtItsLineAndColumn() throws Exception {
        Path file = work.resolve("env.yml");
        Files.writeString(file, """
                name: acme
                channels:
                  - maven-central
                  - conda-forge
                  - "https://user:secret@repo.example.org/maven2"
                dependencies:
                  - maven:
                    - org.example:a=1.0
                """);
        JcondaProcess jconda = new JcondaProcess(work.resolve("home"));

        for (String[] args : new String[][] {{"env", "create", "-f", "env.yml", "-y"}, {"lock", "-f", "env.yml"}}) {
            Result r = jconda.run(work, args);
            assertEquals(2, r.exitCode(), r.err());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().contains("env.yml:4:5: channel 'conda-forge' is a conda (Python) channel"), r.err());
        }
        Files.writeString(file, Files.readString(file).replace("  - conda-forge\n", ""));
        Result credentials = jconda.run(work, "lock", "-f", "env.yml");
        assertEquals(2, credentials.exitCode(), credentials.err());
        assertTrue(credentials.err().contains("env.yml:4:5: channel '"), credentials.err());
        assertTrue(credentials.err().contains("carries credentials"), credentials.err());
        assertFalse(credentials.err().contains("secret"), credentials.err());
        assertFalse(Files.exists(work.resolve("home/envs/acme")));
        assertFalse(Files.exists(work.resolve("jconda-lock.yml")));
    }
}
