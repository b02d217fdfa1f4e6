package dev.jconda.cache;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The process's HTTP client leaves no thread behind once closed: the JVM's exit waits for threads in native calls. */
class HttpTransportTest {
    private static List<Thread> selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("HttpClient-")
                        && t.getName().endsWith("SelectorManager"))
                .toList();
    }

    @Test
    void closingStopsTheSelectorThreadThatWouldHoldUpTheExit() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes());
            exchange.close();
        });
        server.start();
        try {
            List<Thread> before = selectorThreads();
            HttpTransport http = new HttpTransport(DownloadPolicy.DEFAULT);
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/x");
            assertEquals(200, http.get(uri, Map.of()).statusCode());
            List<Thread> mine = selectorThreads().stream().filter(t -> !before.contains(t)).toList();
            assertEquals(1, mine.size(), "the client runs a selector thread while open");
            http.close();
            mine.getFirst().join(2_000);
            assertFalse(mine.getFirst().isAlive(), "closed, the client's selector thread has ended");
            http.close(); // closing twice is harmless
            assertTrue(selectorThreads().stream().noneMatch(mine::contains));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void withoutC2TheClientOffersChaCha20FirstAndEverythingElseAsBefore() throws Exception {
        List<String> defaults = List.of(javax.net.ssl.SSLContext.getDefault().getDefaultSSLParameters()
                .getCipherSuites());
        List<String> offered = List.of(HttpTransport.chaCha20First().getCipherSuites());
        long chaCha = defaults.stream().filter(s -> s.contains("CHACHA20")).count();
        assertTrue(chaCha > 0, "this JDK offers ChaCha20-Poly1305 at all: " + defaults);
        assertTrue(offered.subList(0, (int) chaCha).stream().allMatch(s -> s.contains("CHACHA20")), offered.toString());
        assertEquals(defaults.stream().filter(s -> !s.contains("CHACHA20")).toList(),
                offered.subList((int) chaCha, offered.size()), "the other suites keep the JDK's order");
        assertEquals(defaults.size(), offered.size());
    }
}
