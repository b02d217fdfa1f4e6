package dev.jconda.channels;

import com.sun.net.httpserver.HttpServer;
import dev.jconda.cache.DownloadPolicy;
import dev.jconda.cache.HttpTransport;
import dev.jconda.lock.ChecksumSource;
import dev.jconda.solve.ProviderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checksum lookups over HTTP: retried when the server fails for a while, bounded in number at once. */
class RemoteChecksumsTest {
    private static final String SHA1 = "0123456789abcdef0123456789abcdef01234567";
    private static final DownloadPolicy FAST = new DownloadPolicy(Duration.ofSeconds(2), Duration.ofSeconds(2), 2,
            Duration.ofMillis(10), Duration.ofSeconds(10));

    @TempDir
    Path dir;
    HttpServer server;
    /** Per path: the statuses of its first requests, then 200 (or 404 for checksum files not published). */
    final Map<String, List<Integer>> failFirst = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger mostInFlight = new AtomicInteger();
    volatile long delayMillis;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int n = requests.computeIfAbsent(exchange.getRequestMethod() + " " + path, k -> new AtomicInteger())
                    .getAndIncrement();
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            List<Integer> failures = failFirst.getOrDefault(path, List.of());
            byte[] body = path.endsWith(".sha1") ? (SHA1 + "  x.jar\n").getBytes(StandardCharsets.UTF_8)
                    : new byte[1234];
            int status = n < failures.size() ? failures.get(n)
                    : path.endsWith(".sha512") || path.endsWith(".sha256") ? 404 : 200;
            boolean head = exchange.getRequestMethod().equals("HEAD");
            if (status == 200 && head) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            }
            exchange.sendResponseHeaders(status, status != 200 || head ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (status == 200 && !head) {
                    out.write(body);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private RemoteChecksums checksums(int concurrency) {
        return new RemoteChecksums(dir, false, new HttpTransport(FAST, null, concurrency));
    }

    @Test
    void aServerErrorThenSuccessIsRetriedAndLocked() {
        failFirst.put("/g/x.jar.sha1", List.of(500));
        failFirst.put("/g/x.jar", List.of(503));
        RemoteChecksums.Checksum sum = checksums(4).of(url("/g/x.jar"));
        assertEquals(SHA1, sum.sha1());
        assertEquals(ChecksumSource.PUBLISHED_SHA1, sum.source());
        assertEquals(1234, sum.size());
        assertEquals(2, requests.get("GET /g/x.jar.sha1").get());
        assertEquals(2, requests.get("HEAD /g/x.jar").get());
    }

    @Test
    void aServerThatKeepsFailingIsAnErrorNamingTheFileAfterTheRetries() {
        failFirst.put("/g/x.jar.sha1", List.of(500, 500, 500, 500));
        ProviderException e = assertThrows(ProviderException.class, () -> checksums(4).of(url("/g/x.jar")));
        assertTrue(e.getMessage().contains("HTTP 500 for " + url("/g/x.jar.sha1")), e.getMessage());
        assertEquals(3, requests.get("GET /g/x.jar.sha1").get(), "one try and two retries");
    }

    @Test
    void lookupsRunInParallelButNoMoreThanTheBoundAtOnce() throws Exception {
        delayMillis = 50;
        RemoteChecksums checksums = checksums(3);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<RemoteChecksums.Checksum>> all = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String u = url("/g/f" + i + ".jar");
                all.add(pool.submit(() -> checksums.of(u)));
            }
            for (Future<RemoteChecksums.Checksum> f : all) {
                assertEquals(SHA1, f.get().sha1());
            }
        }
        assertEquals(3, mostInFlight.get(), "48 requests, three at a time");
    }
}
