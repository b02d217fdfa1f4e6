package dev.jconda.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile clients against one real worker with a small heap and a 3 s --timeout: each test replays an attack and
 * checks that it ends only the attacker's connection, never the worker, and leaves memory and metrics as they were.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerHardeningTest {
    private static final String KEY = "k3y";
    private ServerProcess server;
    private long workerPid;
    private double timeoutsAtStart;
    private double crashesAtStart;

    @BeforeAll
    void start() throws Exception {
        server = ServerProcess.start("hardening", 1, KEY, "-w", "1", "--api-key", KEY, "--warmup-shape", "1,4",
                "--timeout", "3", "--keep-alive", "2", "--limit-request-body", "8m", "--max-queue", "1",
                "--worker-java-opts", "-XX:+UseSerialGC -Xmx96m -Xmn16m");
        workerPid = server.workerPids().getFirst();
        // A boot on a busy machine may already have cost a restart; only what the attacks cause counts.
        timeoutsAtStart = server.restarts("timeout");
        crashesAtStart = server.restarts("crashed");
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    /** The one worker is still the one that booted, nothing was restarted, and it answers a real prediction. */
    private void assertWorkerSurvived() throws Exception {
        assertEquals(List.of(workerPid), server.workerPids(), "the worker was replaced; log:\n" + server.log());
        assertEquals(timeoutsAtStart, server.restarts("timeout"), "restarts for timeout");
        assertEquals(crashesAtStart, server.restarts("crashed"), "restarts for crashes");
        assertEquals(200, server.post("/predict", "{\"input\": [[5.1, 3.5, 1.4, 0.2]]}").statusCode());
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        s.setSoTimeout(15_000);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Everything the server sends until it closes the connection (or 15 s pass). */
    private static String readToEnd(Socket s) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] chunk = new byte[8192];
        try {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                all.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException e) {
            all.write("<still open>".getBytes(StandardCharsets.US_ASCII));
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void slowBodiesAndClientsThatNeverReadEndTheirConnectionsNotTheWorker() throws Exception {
        List<Socket> attackers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket slowBody = connect();
                send(slowBody, "POST /predict HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY
                        + "\r\nContent-Length: 100\r\n\r\n{");
                attackers.add(slowBody);
            }
            // A client that pipelines requests and never reads: the responses fill the socket buffers and the
            // server's write blocks.
            Socket nonReader = new Socket();
            nonReader.setReceiveBufferSize(4096);
            nonReader.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            attackers.add(nonReader);
            String metrics = "GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY + "\r\n\r\n";
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = nonReader.getOutputStream();
                    byte[] batch = metrics.repeat(200).getBytes(StandardCharsets.ISO_8859_1);
                    for (int i = 0; i < 100; i++) {
                        out.write(batch);
                    }
                } catch (IOException e) {
                    // the server closed the connection: what it should do
                }
            });
            // More than twice --timeout: long enough for the old clock to have killed the worker.
            Thread.sleep(7000);
            assertWorkerSurvived();
            for (int i = 0; i < 3; i++) {
                String answer = readToEnd(attackers.get(i));
                assertTrue(answer.startsWith("HTTP/1.1 408 Request Timeout"), answer);
            }
            writer.join(Duration.ofSeconds(10));
            assertFalse(writer.isAlive(), "the connection of the client that never reads was closed");
        } finally {
            for (Socket s : attackers) {
                s.close();
            }
        }
    }

    @Test
    void declaredBodyLengthsCostNoMemoryUntilBytesArrive() throws Exception {
        // 400 x 1 MiB declared is four times the worker's 96 MiB heap.
        List<Socket> attackers = new ArrayList<>();
        try {
            for (int i = 0; i < 400; i++) {
                Socket s = connect();
                send(s, "POST /predict HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY
                        + "\r\nContent-Length: 1048576\r\n\r\n{\"input\": [[");
                attackers.add(s);
            }
            Thread.sleep(500);
            assertWorkerSurvived();
        } finally {
            for (Socket s : attackers) {
                s.close();
            }
        }
        server.await(Duration.ofSeconds(10), () -> {
            try {
                return server.metric("jconda_http_requests_in_flight") == 1;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }, () -> "in-flight back to 1 (the /metrics request itself)");
    }

    @Test
    void bodiesBeyondTheWorkersBufferBudgetGet503AndTheWorkerLives() throws Exception {
        // 40 bodies of 2 MiB, each stopped after 1 MiB: 80 MiB declared, 40 MiB sent, against a budget of a quarter
        // of the 96 MiB heap.
        byte[] half = new byte[1 << 20];
        java.util.Arrays.fill(half, (byte) '1');
        List<Socket> attackers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 40; i++) {
                Socket s = connect();
                attackers.add(s);
                pool.submit(() -> {
                    send(s, "POST /predict HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY
                            + "\r\nContent-Length: 2097152\r\n\r\n");
                    s.getOutputStream().write(half);
                    return null;
                });
            }
        }
        int refused = 0;
        for (Socket s : attackers) {
            s.setSoTimeout(500);
            byte[] head = new byte[32];
            try {
                int n = s.getInputStream().read(head);
                if (n > 0 && new String(head, 0, n, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 503")) {
                    refused++;
                }
            } catch (SocketTimeoutException e) {
                // still waiting for the rest of its body: within the budget
            }
        }
        for (Socket s : attackers) {
            s.close();
        }
        assertTrue(refused > 0 && refused < 40, refused + " of 40 refused");
        assertWorkerSurvived();
    }

    @Test
    void largeBatchesLeaveNoLargeBuffersOnKeepAliveConnections() throws Exception {
        StringBuilder body = new StringBuilder(2_500_000).append("{\"input\": [");
        for (int i = 0; i < 100_000; i++) {
            body.append(i == 0 ? "" : ",").append("[5.1,3.5,1.4,0.2]");
        }
        String request = body.append("]}").toString();
        String head = "POST /predict HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + request.length() + "\r\n\r\n";
        // Each such request grows buffers of ~10 MB; 12 connections kept open would hold more than the heap.
        List<Socket> kept = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                Socket s = connect();
                kept.add(s);
                send(s, head + request);
                String status = readResponse(s);
                assertEquals("HTTP/1.1 200 OK", status, "batch " + i);
            }
            assertWorkerSurvived();
        } finally {
            for (Socket s : kept) {
                s.close();
            }
        }
    }

    @Test
    void aFullQueueIsAnswered503WithRetryAfterAtOnceAndCounted() throws Exception {
        assertQueueRefusals(server, 503);
        assertWorkerSurvived();
    }

    @Test
    void theQueueFullStatusCanBe429() throws Exception {
        try (ServerProcess other = ServerProcess.start("queue-429", 1, null, "-w", "1", "--warmup-shape", "1,4",
                "--max-queue", "1", "--queue-full-status", "429")) {
            assertQueueRefusals(other, 429);
        }
    }

    /**
     * Twelve simultaneous 30,000-row requests against one model thread and one waiting place: some are answered, the
     * rest refused at once with {@code status} and Retry-After, and every refusal is counted.
     */
    private static void assertQueueRefusals(ServerProcess target, int status) throws Exception {
        StringBuilder body = new StringBuilder().append("{\"input\": [");
        for (int i = 0; i < 30_000; i++) {
            body.append(i == 0 ? "" : ",").append("[5.1,3.5,1.4,0.2]");
        }
        String request = body.append("]}").toString();
        double rejectedBefore = target.metric("jconda_queue_rejected_total");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 12; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return target.post("/predict", request);
                }));
            }
            go.countDown();
            int ok = 0;
            int busy = 0;
            for (Future<HttpResponse<String>> f : answers) {
                HttpResponse<String> r = f.get();
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    assertEquals(status, r.statusCode(), r.body());
                    assertEquals("1", r.headers().firstValue("Retry-After").orElse(""), "Retry-After");
                    busy++;
                }
            }
            assertTrue(ok >= 1 && busy >= 1, ok + " answered, " + busy + " refused");
            assertEquals(rejectedBefore + busy, target.metric("jconda_queue_rejected_total"));
            assertEquals(0, target.metric("jconda_queue_depth"));
        }
    }

    /** Reads one response with a Content-Length body; returns its status line. */
    private static String readResponse(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            headBytes.write(c);
            String h = headBytes.toString(StandardCharsets.ISO_8859_1);
            if (h.endsWith("\r\n\r\n")) {
                break;
            }
        }
        String headText = headBytes.toString(StandardCharsets.ISO_8859_1);
        long length = headText.lines().filter(l -> l.regionMatches(true, 0, "Content-Length:", 0, 15))
                .mapToLong(l -> Long.parseLong(l.substring(15).strip())).findFirst().orElse(0);
        in.skipNBytes(length);
        return headText.lines().findFirst().orElse("");
    }

    @Test
    void headerLinesEndingInABareLfAreRefusedAtOnceAndNothingIsSmuggled() throws Exception {
        try (Socket s = connect()) {
            send(s, "POST /predict HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY
                    + "\r\nX-A: a\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n35\r\n"
                    + "GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY + "\r\n\r\n0\r\n\r\n");
            String answer = readToEnd(s);
            assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request"), answer);
            assertEquals(1, count(answer, "HTTP/1.1 "), "one response, then close: " + answer);
        }
        for (String head : new String[] {"GET /health HTTP/1.1\nHost: x\n\n", "GET /health HTTP/1.1\r\nHost: x\ry\r\n\r\n",
            "GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n"}) {
            try (Socket s = connect()) {
                long t0 = System.nanoTime();
                send(s, head);
                String answer = readToEnd(s);
                long millis = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request"), head + " -> " + answer);
                assertTrue(millis < 1000, "refused after " + millis + " ms");
            }
        }
    }

    @Test
    void theApiKeyIsCheckedBeforeTheBodyIsReadOrContinued() throws Exception {
        try (Socket s = connect()) {
            send(s, "POST /predict HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 1000\r\n\r\n");
            String answer = readToEnd(s);
            assertTrue(answer.startsWith("HTTP/1.1 401 Unauthorized"), "no 100 Continue before the key check: " + answer);
            assertTrue(answer.contains("Connection: close"), answer);
        }
        try (Socket s = connect()) {
            send(s, "GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer nope\r\nAuthorization: Bearer " + KEY
                    + "\r\n\r\n");
            assertTrue(readToEnd(s).startsWith("HTTP/1.1 400 Bad Request"));
        }
    }

    @Test
    void numbersBeyondFloat32AreRefusedNotAnsweredAsNull() throws Exception {
        for (String n : new String[] {"1e39", "1e999"}) {
            var r = server.post("/predict", "{\"input\": [[" + n + ", 3.5, 1.4, 0.2]]}");
            assertEquals(400, r.statusCode(), n + " -> " + r.body());
            assertTrue(r.body().contains("outside the float32 range"), r.body());
        }
    }

    @Test
    void http11WithoutOrWithTwoHostsAndNonHttpAbsoluteTargetsAre400() throws Exception {
        for (String head : new String[] {"GET /health HTTP/1.1\r\n\r\n", "GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "GET ftp://a/health HTTP/1.1\r\nHost: a\r\n\r\n"}) {
            try (Socket s = connect()) {
                send(s, head);
                String answer = readToEnd(s);
                assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request"), head + " -> " + answer);
            }
        }
        try (Socket s = connect()) {
            send(s, "GET http://a/health HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            assertTrue(readToEnd(s).startsWith("HTTP/1.1 200 OK"));
        }
    }
}
