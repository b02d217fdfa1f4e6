package dev.jconda.channels.maven;

import com.sun.net.httpserver.HttpServer;
import dev.jconda.cache.DownloadPolicy;
import dev.jconda.cache.HttpTransport;
import dev.jconda.model.Dependencies;
import dev.jconda.model.MavenPackage;
import dev.jconda.model.Version;
import dev.jconda.solve.ProviderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Maven Resolver over the process's HTTP client: POMs are read through jconda's {@link HttpTransport} (its
 * User-Agent, its retries), each with its {@code .sha1} asked at the same time, and Resolver's checksum policy still
 * refuses a POM whose bytes do not match. What the channel reads ahead over it ends when the channel closes.
 */
class SharedClientTransporterTest {
    private static final DownloadPolicy FAST = new DownloadPolicy(Duration.ofSeconds(2), Duration.ofSeconds(2), 1,
            Duration.ofMillis(10), Duration.ofSeconds(10));

    @TempDir
    Path dir;
    HttpServer server;
    /** Path -> body; what the server has. */
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    /** "METHOD path User-Agent" of every request, in order. */
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** Path -> how long the server waits before answering it. */
    final Map<String, Long> delays = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath().substring(1);
            requests.add(exchange.getRequestMethod() + " " + path + " "
                    + exchange.getRequestHeaders().getFirst("User-Agent"));
            try {
                Thread.sleep(delays.getOrDefault(path, 0L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = files.get(path);
            try {
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            } catch (IOException clientGone) {
                // a client that stopped waiting (a read-ahead abandoned at close)
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void publish(String path, String text, String sha1) {
        files.put(path, text.getBytes(StandardCharsets.UTF_8));
        files.put(path + ".sha1", sha1.getBytes(StandardCharsets.US_ASCII));
    }

    private static String pom(String artifactId, String dependency) {
        return "<project><modelVersion>4.0.0</modelVersion><groupId>org.t</groupId><artifactId>" + artifactId
                + "</artifactId><version>1.0</version>" + dependency + "</project>";
    }

    private static String sha1(String text) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A channel's read-ahead (the POMs of dependencies the solver has not asked for yet) ends with the channel:
     * before, one still waiting for its answer wrote into the local repository after the command had finished with it,
     * and a test's temporary folder could not be deleted because a file appeared in it meanwhile.
     */
    @Test
    void nothingIsWrittenIntoTheLocalRepositoryAfterTheChannelIsClosed() throws Exception {
        String app = pom("app", "<dependencies><dependency><groupId>org.t</groupId><artifactId>lib</artifactId>"
                + "<version>1.0</version></dependency></dependencies>");
        publish("org/t/app/1.0/app-1.0.pom", app, sha1(app));
        String lib = pom("lib", "");
        publish("org/t/lib/1.0/lib-1.0.pom", lib, sha1(lib));
        delays.put("org/t/lib/1.0/lib-1.0.pom", 600L); // read ahead, and answered late

        assertEquals("org.t:lib", dependenciesOf("app").requires().getFirst().name().value());

        List<String> atClose = tree(dir.resolve("m2"));
        Thread.sleep(1200);
        assertEquals(atClose, tree(dir.resolve("m2")), "files written after close");
        assertTrue(atClose.stream().anyMatch(p -> p.endsWith("app-1.0.pom")), atClose.toString());
    }

    private static List<String> tree(Path root) throws IOException {
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(root)) {
            return walk.map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    private Dependencies dependenciesOf(String artifactId) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        try (MavenSessionFactory maven = new MavenSessionFactory(dir.resolve("m2"),
                List.of(new MavenRepository("test", URI.create(url))), false, false, null,
                new HttpTransport(FAST, null, 8));
             MavenChannel channel = new MavenChannel(maven, false, DescriptorCache.none())) {
            return channel.dependencies(new MavenPackage("org.t", artifactId, "", "jar", Version.of("1.0"), url),
                    Set.of());
        }
    }

    @Test
    void resolverReadsPomsThroughTheProcessClientWithTheirSha1() throws Exception {
        String app = pom("app", "<dependencies><dependency><groupId>org.t</groupId><artifactId>lib</artifactId>"
                + "<version>2.0</version></dependency></dependencies>");
        publish("org/t/app/1.0/app-1.0.pom", app, sha1(app));

        Dependencies deps = dependenciesOf("app");

        assertEquals("org.t:lib", deps.requires().getFirst().name().value());
        assertTrue(requests.contains("GET org/t/app/1.0/app-1.0.pom jconda"), requests.toString());
        assertTrue(requests.contains("GET org/t/app/1.0/app-1.0.pom.sha1 jconda"), requests.toString());
        assertTrue(requests.stream().allMatch(r -> r.endsWith(" jconda")), "every request is jconda's: " + requests);
    }

    @Test
    void aPomThatDoesNotMatchItsSha1IsStillRefused() throws Exception {
        String bad = pom("bad", "");
        publish("org/t/bad/1.0/bad-1.0.pom", bad, sha1(bad + " "));

        ProviderException e = assertThrows(ProviderException.class, () -> dependenciesOf("bad"));

        assertTrue(e.getMessage().contains("Checksum validation failed"), e.getMessage());
    }

    @Test
    void aPomWithoutAnyChecksumFileIsRefusedAsBefore() {
        files.put("org/t/bare/1.0/bare-1.0.pom", pom("bare", "").getBytes(StandardCharsets.UTF_8));

        ProviderException e = assertThrows(ProviderException.class, () -> dependenciesOf("bare"));

        assertTrue(e.getMessage().contains("Checksum validation failed"), e.getMessage());
        assertTrue(requests.stream().anyMatch(r -> r.contains("bare-1.0.pom.sha512")
                        || r.contains("bare-1.0.pom.md5")),
                "with no .sha1, Resolver asks for its other checksum files itself: " + requests);
    }
}
