package dev.jconda.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A file server on 127.0.0.1 that misbehaves on request: each path has a queue of faults, used one per request, after
 * which it serves the file. Raw sockets, so a fault can be exactly what a bad mirror does: a 500, a connection reset
 * in the middle of the body, wrong bytes, a trickle, a stall, a missing file.
 */
final class FaultServer implements AutoCloseable {
    enum Fault { ERROR_500, NOT_FOUND, RESET_MID_BODY, WRONG_BYTES, STALL, TRICKLE, REDIRECT }

    private final Path root;
    private final ServerSocket socket;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();
    /** Bytes per second for {@link Fault#TRICKLE}. */
    volatile int trickleBytesPerSecond = 2048;

    FaultServer(Path root) throws IOException {
        this.root = root;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pool.submit(this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }

    /** The next requests of {@code path} (relative to the root, no leading slash) meet these faults, in order. */
    FaultServer inject(String path, Fault... next) {
        faults.computeIfAbsent(path, k -> new java.util.concurrent.ConcurrentLinkedDeque<>()).addAll(
                java.util.List.of(next));
        return this;
    }

    void clearFaults() {
        faults.clear();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                pool.submit(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            String requestLine = in.readLine();
            if (requestLine == null) {
                return;
            }
            for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
                // headers ignored
            }
            requests.incrementAndGet();
            String[] parts = requestLine.split(" ");
            String target = parts[1].replaceFirst("\\?.*", "");
            String path = java.net.URLDecoder.decode(target.substring(1), StandardCharsets.UTF_8);
            boolean head = parts[0].equals("HEAD");
            Deque<Fault> queue = faults.getOrDefault(path, new ArrayDeque<>());
            Fault fault = queue.poll();
            Path file = root.resolve(path).normalize();
            OutputStream out = s.getOutputStream();
            if (fault == Fault.REDIRECT) {
                out.write(("HTTP/1.1 302 Found\r\nLocation: " + target + "?moved\r\nContent-Length: 0\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            if (fault == Fault.ERROR_500) {
                status(out, "500 Internal Server Error", 0);
                return;
            }
            if (fault == Fault.NOT_FOUND || !file.startsWith(root) || !Files.isRegularFile(file)) {
                status(out, "404 Not Found", 0);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            status(out, "200 OK", body.length);
            if (head) {
                return;
            }
            switch (fault) {
                case null -> out.write(body);
                case RESET_MID_BODY -> {
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    s.setSoLinger(true, 0); // close with RST
                }
                case WRONG_BYTES -> {
                    byte[] wrong = body.clone();
                    wrong[wrong.length / 2] ^= 0x20;
                    out.write(wrong);
                }
                case STALL -> {
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    Thread.sleep(600_000);
                }
                case TRICKLE -> {
                    int chunk = Math.max(1, trickleBytesPerSecond / 10);
                    for (int i = 0; i < body.length; i += chunk) {
                        out.write(body, i, Math.min(chunk, body.length - i));
                        out.flush();
                        Thread.sleep(100);
                    }
                }
                default -> throw new IllegalStateException(fault.toString());
            }
            out.flush();
        } catch (IOException | InterruptedException e) {
            // the client went away: nothing to do
        }
    }

    private static void status(OutputStream out, String status, long length) throws IOException {
        out.write(("HTTP/1.1 " + status + "\r\nContent-Length: " + length + "\r\nConnection: close\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        pool.shutdownNow();
    }
}
