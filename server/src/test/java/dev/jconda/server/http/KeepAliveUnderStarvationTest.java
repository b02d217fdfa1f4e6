package dev.jconda.server.http;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A worker short of CPU must not drop a request that arrived on an idle keep-alive connection before its idle time
 * ran out, only because the connection's thread had not run yet when the deadline reaper looked. The server runs in
 * a JVM with one carrier thread for virtual threads, and a request to {@code /spin} holds that carrier
 * ({@link OneCarrierServer}), so the second request's thread waits past the 1 s keep-alive deadline while its bytes
 * are already in the socket.
 */
class KeepAliveUnderStarvationTest {
    private static final String HEALTH = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";

    @Test
    void aRequestThatArrivedBeforeTheIdleDeadlineIsAnsweredThoughItsThreadRunsAfterIt() throws Exception {
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1",
                "-Djdk.pollerMode=1", "-cp", System.getProperty("java.class.path"), OneCarrierServer.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            int port = Integer.parseInt(new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine().strip());
            try (Socket idle = new Socket("127.0.0.1", port); Socket spinner = new Socket("127.0.0.1", port)) {
                idle.setSoTimeout(10_000);
                spinner.setSoTimeout(10_000);
                send(idle, HEALTH);
                String first = answer(idle.getInputStream());
                long answered = System.nanoTime();
                assertTrue(first.startsWith("HTTP/1.1 200 OK") && !first.contains("Connection: close"), first);

                send(spinner, "GET /spin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                // half way through the idle time (1 s after the answer); the only carrier is busy until 1.5 s
                Thread.sleep(Math.max(0, 500 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered)));
                send(idle, HEALTH);
                long sentAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered);
                // sent after the deadline, the request may rightly find the connection closed: nothing to judge
                assumeTrue(sentAfter < 900, "this machine ran the test late: sent " + sentAfter + " ms after the answer");

                String second;
                try {
                    second = answer(idle.getInputStream());
                } catch (IOException e) {
                    second = e.toString();
                }
                assertTrue(second.startsWith("HTTP/1.1 200 OK"), "the request sent " + sentAfter
                        + " ms into a 1 s idle time was answered with: " + (second.isEmpty() ? "(nothing)" : second));
                assertTrue(answer(spinner.getInputStream()).startsWith("HTTP/1.1 200 OK"));
            }
        } finally {
            server.destroyForcibly().waitFor();
        }
    }

    private static void send(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** One answer's head and its Content-Length body; what was read so far if the connection ends first. */
    private static String answer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            head.write(c);
            byte[] b = head.toByteArray();
            int n = b.length;
            if (n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n') {
                break;
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int at = text.indexOf("Content-Length: ");
        if (at >= 0) {
            int length = Integer.parseInt(text.substring(at + 16, text.indexOf('\r', at)));
            text += new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
        }
        return text;
    }
}
