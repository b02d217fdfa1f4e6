package dev.jconda.cache;

import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An HTTP/2 server that allows fewer concurrent streams than the process's client would send (its SETTINGS say 4).
 * The JDK's client fails a request past that limit before sending it; the transport must then wait for a stream
 * instead of failing the lookup, and bring its bound down to what the server allows.
 */
class HttpTransportStreamLimitTest {
    private static final int SERVER_STREAMS = 4;
    /** No retries: a refused stream must not need one, and a request that did would fail this test. */
    private static final DownloadPolicy NO_RETRIES = new DownloadPolicy(Duration.ofSeconds(5), Duration.ofSeconds(20),
            0, Duration.ofMillis(10), Duration.ofSeconds(10));

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private Server server;
    private String base;

    private void start(int serverStreams) throws Exception {
        server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(config);
        h2c.setMaxConcurrentStreams(serverStreams);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config), h2c);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(50); // long enough that the client's requests overlap
                } finally {
                    inFlight.decrementAndGet();
                }
                answered.incrementAndGet();
                response.setStatus(200);
                Content.Sink.write(response, true, request.getHttpURI().getPath(), callback);
                return true;
            }
        });
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    /** {@code requests} GETs started together; each must come back 200 with its own path. */
    private void getAllAtOnce(HttpTransport http, int requests) throws Exception {
        List<Future<HttpResponse<byte[]>>> responses = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests; i++) {
                URI uri = URI.create(base + "/file-" + i);
                responses.add(callers.submit(() -> http.get(uri, Map.of())));
            }
        }
        for (int i = 0; i < requests; i++) {
            HttpResponse<byte[]> response = responses.get(i).get();
            assertEquals(200, response.statusCode());
            assertEquals("/file-" + i, new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void requestsPastTheServersStreamLimitWaitForAStreamAndTheBoundComesDown() throws Exception {
        start(SERVER_STREAMS);
        int requests = 40;
        try (HttpTransport http = new HttpTransport(NO_RETRIES, null, 16)) {
            // the first request upgrades the connection to HTTP/2 (h2c) and learns the server's SETTINGS
            assertEquals(200, http.get(URI.create(base + "/first"), Map.of()).statusCode());
            assertEquals(16, http.concurrency());
            getAllAtOnce(http, requests);
            assertTrue(http.concurrency() <= SERVER_STREAMS && http.concurrency() >= 1,
                    "the bound comes down to the server's limit, not below one: " + http.concurrency());
        }
        assertEquals(requests + 1, answered.get(), "each request reached the server once");
        assertTrue(mostInFlight.get() <= SERVER_STREAMS, "the server saw " + mostInFlight.get() + " at once");
    }

    /**
     * Until the client knows the server speaks HTTP/2 it keeps the bound it was given (over HTTP/1.1 each request in
     * flight is a connection); on an HTTP/2 connection it may go up to its HTTP/2 bound, and the server's SETTINGS
     * then decide: here 12 streams, between the client's two bounds.
     */
    @Test
    void overHttp2TheBoundRisesToWhatTheServerAllows() throws Exception {
        int serverStreams = 12;
        start(serverStreams);
        int requests = 60;
        try (HttpTransport http = new HttpTransport(NO_RETRIES, null, 4, 64)) {
            assertEquals(4, http.concurrency());
            assertEquals(200, http.get(URI.create(base + "/first"), Map.of()).statusCode());
            getAllAtOnce(http, requests);
            assertTrue(http.concurrency() <= serverStreams, "the bound comes down to the server's limit: "
                    + http.concurrency());
        }
        assertEquals(requests + 1, answered.get(), "each request reached the server once");
        assertTrue(mostInFlight.get() > 4, "HTTP/2 allowed more than the first bound: " + mostInFlight.get());
        assertTrue(mostInFlight.get() <= serverStreams, "the server saw " + mostInFlight.get() + " at once");
    }
}
