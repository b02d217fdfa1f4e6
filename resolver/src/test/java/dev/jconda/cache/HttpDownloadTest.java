package dev.jconda.cache;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bounded waits for one download: retries with backoff, a read timeout, what is not retried. */
class HttpDownloadTest {
    private static final byte[] BODY = "the real bytes".getBytes(StandardCharsets.UTF_8);
    private static final DownloadPolicy FAST = new DownloadPolicy(Duration.ofSeconds(2), Duration.ofMillis(300), 2,
            Duration.ofMillis(10), Duration.ofSeconds(10));

    @TempDir
    Path dir;
    HttpServer server;
    final AtomicInteger requests = new AtomicInteger();
    final List<String> retries = new ArrayList<>();

    /** What the server answers to the n-th request: a status, or -1 to stall after a few bytes of the body. */
    volatile List<Integer> answers = List.of(200);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/f", exchange -> {
            int n = requests.getAndIncrement();
            int answer = answers.get(Math.min(n, answers.size() - 1));
            if (answer == -1) {
                exchange.sendResponseHeaders(200, BODY.length);
                try {
                    exchange.getResponseBody().write(BODY, 0, 4);
                    exchange.getResponseBody().flush();
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(answer, answer == 200 ? BODY.length : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                if (answer == 200) {
                    out.write(BODY);
                }
            }
        });
        // /moved/N answers with a redirect to /moved/N+1, or to /f from /moved/2
        server.createContext("/moved/", exchange -> {
            int n = Integer.parseInt(exchange.getRequestURI().getPath().substring("/moved/".length()));
            exchange.getResponseHeaders().set("Location", n == 2 ? "/f" : "/moved/" + (n + 1));
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Checksums fetch() throws Exception {
        DownloadProgress progress = new DownloadProgress() {
            @Override
            public void transferred(String fileName, String url, long bytes, long total, Duration elapsed) {
            }

            @Override
            public void retrying(String fileName, String url, int retry, int max, String reason, Duration wait) {
                retries.add(retry + "/" + max + " " + reason + " " + wait.toMillis());
            }
        };
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/f";
        return new HttpDownload(FAST, progress, null).fetch(url, "f", dir.resolve("f"));
    }

    private Checksums fetch(String path) throws Exception {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + path;
        return new HttpDownload(FAST, new DownloadProgress() {
            @Override
            public void transferred(String fileName, String url, long bytes, long total, Duration elapsed) {
            }

            @Override
            public void retrying(String fileName, String url, int retry, int max, String reason, Duration wait) {
            }
        }, null).fetch(url, "f", dir.resolve("f"));
    }

    @Test
    void redirectsAreFollowedAndTheirNumberIsBounded() throws Exception {
        assertEquals(Sha256.of(BODY), fetch("/moved/0").sha256(), "two redirects, then the file");
        IOException loop = assertThrows(IOException.class, () -> fetch("/moved/20"));
        assertTrue(loop.getMessage().startsWith("refusing a redirect from http://127.0.0.1:"
                + server.getAddress().getPort() + "/moved/20 to /moved/26"), loop.getMessage());
    }

    @Test
    void transientFailuresAreRetriedWithGrowingWaits() throws Exception {
        answers = List.of(500, 503, 200);
        Checksums sums = fetch();
        assertEquals(Sha256.of(BODY), sums.sha256());
        assertEquals(List.of("1/2 HTTP 500 10", "2/2 HTTP 503 20"), retries);
        org.junit.jupiter.api.Assertions.assertArrayEquals(BODY, Files.readAllBytes(dir.resolve("f")));
    }

    /**
     * What the file held before is replaced: a longer old content, then a first attempt's partial body. (The file is
     * opened without truncating when it is empty, so these are the cases where truncating is still needed.)
     */
    @Test
    void theFileHoldsExactlyTheBodyAfterwards() throws Exception {
        Files.write(dir.resolve("f"), new byte[4096]);
        answers = List.of(-1, 200);
        assertEquals(Sha256.of(BODY), fetch().sha256());
        assertEquals(List.of(1), retries.stream().map(r -> Integer.parseInt(r.substring(0, 1))).toList());
        org.junit.jupiter.api.Assertions.assertArrayEquals(BODY, Files.readAllBytes(dir.resolve("f")));
    }

    @Test
    void retriesAreBounded() {
        answers = List.of(500);
        IOException e = assertThrows(IOException.class, this::fetch);
        assertEquals("HTTP 500 (after 3 attempts)", e.getMessage());
        assertEquals(3, requests.get());
    }

    @Test
    void aStalledBodyTimesOut() {
        answers = List.of(-1);
        long started = System.nanoTime();
        IOException e = assertThrows(IOException.class, this::fetch);
        assertTrue(e.getMessage().startsWith("timed out: no data for 300 ms"), e.getMessage());
        assertTrue((System.nanoTime() - started) / 1e9 < 4, "bounded by 3 x 300 ms plus waits");
    }

    @Test
    void notFoundIsNotRetried() {
        answers = List.of(404);
        IOException e = assertThrows(IOException.class, this::fetch);
        assertEquals("HTTP 404", e.getMessage());
        assertEquals(1, requests.get());
    }

    @Test
    void policyReadsCondasSettingsFromTheEnvironment() {
        DownloadPolicy p = DownloadPolicy.fromEnvironment(Map.of("JCONDA_REMOTE_READ_TIMEOUT_SECS", "2.5",
                "JCONDA_REMOTE_MAX_RETRIES", "5", "JCONDA_REMOTE_BACKOFF_FACTOR", "0.5"));
        assertEquals(Duration.ofMillis(2500), p.readTimeout());
        assertEquals(5, p.maxRetries());
        assertEquals(Duration.ofSeconds(2), p.waitBefore(3));
        assertEquals(DownloadPolicy.DEFAULT.connectTimeout(), p.connectTimeout());
        assertThrows(IllegalArgumentException.class,
                () -> DownloadPolicy.fromEnvironment(Map.of("JCONDA_REMOTE_MAX_RETRIES", "-1")));
    }
}
