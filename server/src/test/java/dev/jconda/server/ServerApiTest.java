package dev.jconda.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jconda.server.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The HTTP contract, one status code at a time, against one real master with one worker. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerApiTest {
    private static final String KEY = "s3cret";
    private ServerProcess server;

    @BeforeAll
    void start() throws Exception {
        server = ServerProcess.start("api", 1, KEY, "-w", "1", "--api-key", KEY, "--warmup-shape", "1,4",
                "--limit-request-body", "65536", "--access-logfile", "-", "--keep-alive", "1", "--timeout", "3");
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            assertEquals(0, server.stop(), "graceful stop exits 0");
        }
    }

    private static String error(HttpResponse<String> r) throws Exception {
        Object body = Json.parse(r.body());
        return (String) ((Map<?, ?>) body).get("error");
    }

    @Test
    void predictAnswersWhatPyTorchComputedForTheSampleRequest() throws Exception {
        HttpResponse<String> r = server.post("/predict", Files.readString(ServerProcess.REQUEST));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        List<?> got = (List<?>) ((Map<?, ?>) Json.parse(r.body())).get("result");
        List<?> want = (List<?>) ((Map<?, ?>) Json.parse(Files.readString(ServerProcess.EXPECTED))).get("result");
        assertEquals(want.size(), got.size());
        for (int row = 0; row < want.size(); row++) {
            List<?> w = (List<?>) want.get(row);
            List<?> g = (List<?>) got.get(row);
            assertEquals(w.size(), g.size());
            for (int i = 0; i < w.size(); i++) {
                assertEquals((Double) w.get(i), (Double) g.get(i), 1e-5, "result[" + row + "][" + i + "]");
            }
        }
    }

    /** The worker reuses its input tensor while the shape stays and remakes it when the shape changes. */
    @Test
    void answersNeverCarryAnEarlierRequestsInputOrShape() throws Exception {
        String a = "[5.1, 3.5, 1.4, 0.2]";
        String b = "[6.7, 3.0, 5.2, 2.3]";
        List<?> batch = result(server.post("/predict", "{\"input\": [" + a + ", " + b + "]}"));
        for (int round = 0; round < 3; round++) {
            assertRowEquals(batch.get(0), result(server.post("/predict", "{\"input\": [" + a + "]}")).getFirst());
            assertRowEquals(batch.get(1), result(server.post("/predict", "{\"input\": [" + b + "]}")).getFirst());
            assertEquals(batch.size(), result(server.post("/predict", "{\"input\": [" + a + ", " + b + "]}")).size());
        }
        assertRowEquals(((List<?>) ((Map<?, ?>) Json.parse(Files.readString(ServerProcess.EXPECTED))).get("result"))
                .getFirst(), result(server.post("/predict", "{\"input\": [" + a + "]}")).getFirst());
    }

    private static List<?> result(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return (List<?>) ((Map<?, ?>) Json.parse(r.body())).get("result");
    }

    private static void assertRowEquals(Object want, Object got) {
        List<?> w = (List<?>) want;
        List<?> g = (List<?>) got;
        assertEquals(w.size(), g.size());
        for (int i = 0; i < w.size(); i++) {
            assertEquals((Double) w.get(i), (Double) g.get(i), 1e-6, "element " + i);
        }
    }

    @Test
    void aBatchGetsOneRowPerInput() throws Exception {
        HttpResponse<String> r = server.post("/predict", "{\"input\": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}");
        assertEquals(200, r.statusCode(), r.body());
        List<?> rows = (List<?>) ((Map<?, ?>) Json.parse(r.body())).get("result");
        assertEquals(2, rows.size());
        double sum = ((List<?>) rows.get(1)).stream().mapToDouble(x -> (Double) x).sum();
        assertEquals(1.0, sum, 1e-5, "softmax rows sum to one");
    }

    @Test
    void missingBodyOrMissingInputIs400MissingInput() throws Exception {
        HttpResponse<String> empty = server.post("/predict", "");
        assertEquals(400, empty.statusCode());
        assertEquals("Missing input", error(empty));
        HttpResponse<String> noInput = server.post("/predict", "{\"data\": [[1, 2, 3, 4]]}");
        assertEquals(400, noInput.statusCode());
        assertEquals("Missing input", error(noInput));
    }

    @Test
    void malformedJsonIs400WithAReason() throws Exception {
        HttpResponse<String> r = server.post("/predict", "{\"input\": [[5.1, 3.5,");
        assertEquals(400, r.statusCode());
        assertTrue(error(r).startsWith("Malformed JSON"), r.body());
    }

    @Test
    void wrongShapeIs400WithAReason() throws Exception {
        HttpResponse<String> wrongWidth = server.post("/predict", "{\"input\": [[1, 2, 3]]}");
        assertEquals(400, wrongWidth.statusCode());
        assertTrue(error(wrongWidth).contains("does not match the model's input [*, 4]"), wrongWidth.body());
        HttpResponse<String> ragged = server.post("/predict", "{\"input\": [[1, 2, 3, 4], [1, 2]]}");
        assertEquals(400, ragged.statusCode());
        assertTrue(error(ragged).startsWith("Invalid input: ragged"), ragged.body());
    }

    @Test
    void withoutTheApiKeyIs401ButHealthStaysOpen() throws Exception {
        HttpClient anonymous = HttpClient.newHttpClient();
        HttpResponse<String> none = anonymous.send(HttpRequest.newBuilder(server.uri("/predict"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"input\": [[1, 2, 3, 4]]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        HttpResponse<String> wrong = anonymous.send(HttpRequest.newBuilder(server.uri("/metrics"))
                .header("Authorization", "Bearer nope").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrong.statusCode());
        HttpResponse<String> health = anonymous.send(HttpRequest.newBuilder(server.uri("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
    }

    @Test
    void bodyOverTheLimitIs413BeforeItIsRead() throws Exception {
        String status = rawStatusLine("POST /predict HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY
                + "\r\nContent-Length: 100000\r\n\r\n{\"input\": [");
        assertEquals("HTTP/1.1 413 Content Too Large", status);
    }

    @Test
    void oversizedHeadsAreRefusedWith414And431() throws Exception {
        assertEquals("HTTP/1.1 414 URI Too Long", rawStatusLine("GET /" + "a".repeat(5000) + " HTTP/1.1\r\n\r\n"));
        StringBuilder many = new StringBuilder("GET /health HTTP/1.1\r\n");
        for (int i = 0; i < 101; i++) {
            many.append("X-").append(i).append(": y\r\n");
        }
        assertEquals("HTTP/1.1 431 Request Header Fields Too Large", rawStatusLine(many.append("\r\n").toString()));
        assertEquals("HTTP/1.1 411 Length Required",
                rawStatusLine("POST /predict HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY
                        + "\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() throws Exception {
        assertEquals(404, server.get("/nope").statusCode());
        HttpResponse<String> r = server.get("/predict");
        assertEquals(405, r.statusCode());
        assertEquals("POST", r.headers().firstValue("Allow").orElseThrow());
        assertEquals(405, server.post("/health", "{}").statusCode());
    }

    @Test
    void healthAndReadyAnswer200() throws Exception {
        assertEquals(200, server.get("/health").statusCode());
        HttpResponse<String> ready = server.get("/ready");
        assertEquals(200, ready.statusCode());
        assertEquals("{\"status\":\"ready\"}", ready.body());
    }

    @Test
    void metricsCountRequestsLatencyWorkersAndModelLoad() throws Exception {
        server.post("/predict", Files.readString(ServerProcess.REQUEST));
        server.post("/predict", "{}");
        server.get("/nope");
        HttpResponse<String> r = server.get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        String text = r.body();
        assertTrue(server.metric("jconda_http_requests_total{code=\"200\"}") >= 1, text);
        assertTrue(server.metric("jconda_http_requests_total{code=\"400\"}") >= 1, text);
        assertTrue(server.metric("jconda_http_requests_total{code=\"404\"}") >= 1, text);
        assertTrue(server.metric("jconda_http_request_duration_seconds_count") >= 3, text);
        assertTrue(text.contains("jconda_http_request_duration_seconds_bucket{le=\"+Inf\"}"), text);
        assertTrue(text.contains("# TYPE jconda_http_requests_in_flight gauge"), text);
        assertEquals(0, server.metric("jconda_worker_restarts_total{reason=\"crashed\"}"));
        assertEquals(1, server.metric("jconda_workers{state=\"ready\"}"));
        assertTrue(text.matches("(?s).*jconda_model_load_seconds\\{worker=\"\\d+\"} [0-9.]+\n.*"), text);
    }

    @Test
    void theLogSaysOnceWhereTheModelRunsAndHidesLibraryChatterAtInfo() throws Exception {
        String log = server.log();
        assertEquals(1, log.lines().filter(l -> l.contains("[INFO] Model model on cpu, PyTorch ")).count(), log);
        assertTrue(!log.contains("Failed to detect GPU count") && !log.contains("non-archive file"), log);
    }

    @Test
    void accessLogHasOneJsonLinePerRequest() throws Exception {
        server.get("/health");
        Thread.sleep(200);
        String line = server.log().lines().filter(l -> l.startsWith("{\"time\"") && l.contains("/health"))
                .reduce((a, b) -> b).orElseThrow();
        Map<?, ?> entry = (Map<?, ?>) Json.parse(line);
        assertEquals("GET", entry.get("method"));
        assertEquals(200.0, entry.get("status"));
        assertTrue(entry.containsKey("duration_ms") && entry.containsKey("bytes") && entry.containsKey("worker"));
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterKeepAliveSeconds() throws Exception {
        URI uri = server.uri("/");
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            byte[] response = new byte[4096];
            int n = in.read(response);
            String answer = new String(response, 0, n, StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 200 OK"), answer);
            assertTrue(answer.contains("\r\nKeep-Alive: timeout=1\r\n"), "the idle time is announced: " + answer);
            long t0 = System.nanoTime();
            assertEquals(-1, in.read(), "the server closes the idle connection (FIN, not a reset)");
            long idleMillis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(idleMillis >= 800 && idleMillis < 5000, "closed after " + idleMillis + " ms, keep-alive is 1 s");
        }
    }

    @Test
    void anAnswerThatClosesTheConnectionAnnouncesNoIdleTime() throws Exception {
        URI uri = server.uri("/");
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 200 OK") && answer.contains("\r\nConnection: close\r\n"), answer);
            assertTrue(!answer.contains("Keep-Alive:"), answer);
        }
    }

    @Test
    void aRequestThatStopsHalfwayGets408AfterTheTimeout() throws Exception {
        long t0 = System.nanoTime();
        assertEquals("HTTP/1.1 408 Request Timeout", rawStatusLine("POST /predict HTTP/1.1\r\nContent-Le"));
        long waited = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(waited >= 2500 && waited < 8000, "408 after " + waited + " ms, --timeout is 3 s");
    }

    /** Sends raw bytes (for what HttpClient will not send) and returns the status line. */
    private String rawStatusLine(String request) throws IOException {
        URI uri = server.uri("/");
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                line.write(c);
            }
            return line.toString(StandardCharsets.ISO_8859_1).strip();
        }
    }
}
