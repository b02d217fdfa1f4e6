package dev.jconda.server;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop client load: {@code threads} threads POST back to back, each over its own HTTP/1.1 keep-alive
 * connection (a new one after a {@code Connection: close} or a failure), counting everything that is not a 200 as a
 * failure.
 *
 * <p>Each thread owns its connection instead of sharing a pool, and no request is ever retried. A pooled client
 * (the JDK's, measured here) keeps a few of the connections it opened at start-up idle for seconds while others
 * carry the load; the server's keep-alive then closes them, and a request sent on one in that instant is lost: the
 * keep-alive race every HTTP/1.1 server has, which says nothing about recycling or reloads. A connection that is
 * never idle cannot meet it, so a failure here is the server's, and its message says which request on which
 * connection it was.
 */
final class Load implements AutoCloseable {
    /**
     * @param failures the first 20, each with when it happened (ms after the load started)
     * @param marks    what the test did meanwhile, on the same clock ({@link #mark})
     */
    record Result(long ok, long failed, List<String> failures, List<String> marks) {
        long total() {
            return ok + failed;
        }
    }

    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int READ_TIMEOUT_MILLIS = 30_000;

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong issued = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> marks = new ConcurrentLinkedQueue<>();
    private final long origin = System.nanoTime();
    private volatile boolean stopped;

    static Load start(URI uri, String body, int threadCount, Duration duration, long maxRequests) {
        Load load = new Load();
        long deadline = System.nanoTime() + duration.toNanos();
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort());
        byte[] request = request(uri, body.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < threadCount; i++) {
            load.threads.add(Thread.ofPlatform().name("load-" + i).start(() -> {
                Connection connection = null;
                while (!load.stopped && System.nanoTime() < deadline && load.issued.incrementAndGet() <= maxRequests) {
                    long sent = System.nanoTime();
                    try {
                        if (connection == null) {
                            connection = new Connection(address);
                        }
                        Answer answer = connection.exchange(request);
                        if (answer.status() == 200) {
                            load.ok.incrementAndGet();
                        } else {
                            load.fail("HTTP " + answer.status() + ": " + answer.body());
                        }
                        if (answer.close()) {
                            connection.close();
                            connection = null;
                        }
                    } catch (IOException e) {
                        load.fail(e + " (after " + (System.nanoTime() - sent) / 1_000_000 + " ms"
                                + (connection == null ? ", connecting" : ", " + connection.describe()) + ")");
                        if (connection != null) {
                            connection.close();
                            connection = null;
                        }
                    }
                }
                if (connection != null) {
                    connection.close();
                }
            }));
        }
        return load;
    }

    private static byte[] request(URI uri, byte[] body) {
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    private record Answer(int status, String body, boolean close) {
    }

    /** One keep-alive connection and what a failure on it needs to say. */
    private static final class Connection {
        private final Socket socket = new Socket();
        private final InputStream in;
        private final OutputStream out;
        private int answered;
        private long lastAnswerNanos = System.nanoTime();

        Connection(InetSocketAddress address) throws IOException {
            try {
                socket.connect(address, CONNECT_TIMEOUT_MILLIS);
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                socket.setTcpNoDelay(true);
                in = new BufferedInputStream(socket.getInputStream());
                out = socket.getOutputStream();
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        Answer exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            if (statusLine == null) {
                throw new EOFException("connection closed before any byte of the answer");
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP status line: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            long length = -1;
            boolean close = false;
            String header;
            while (!(header = requiredLine()).isEmpty()) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    throw new IOException("malformed header: " + header);
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
                    close = true;
                }
            }
            if (length < 0) {
                throw new IOException("answer without Content-Length: " + statusLine);
            }
            byte[] body = in.readNBytes(Math.toIntExact(length));
            if (body.length < length) {
                throw new EOFException("connection closed after " + body.length + " of " + length + " body bytes");
            }
            answered++;
            lastAnswerNanos = System.nanoTime();
            return new Answer(status, new String(body, StandardCharsets.UTF_8), close);
        }

        String describe() {
            return "request " + (answered + 1) + " on its connection, " + (System.nanoTime() - lastAnswerNanos) / 1_000_000
                    + " ms after the previous answer on it";
        }

        /** A CRLF-terminated line, or null at end of stream before its first byte. */
        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n' && !line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
                    line.setLength(line.length() - 1);
                    return line.toString();
                }
                line.append((char) c);
            }
            if (line.isEmpty()) {
                return null;
            }
            throw new EOFException("connection closed in the middle of the answer's head");
        }

        private String requiredLine() throws IOException {
            String line = line();
            if (line == null) {
                throw new EOFException("connection closed in the middle of the answer's head");
            }
            return line;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing after a failure or a Connection: close
            }
        }
    }

    private void fail(String what) {
        failed.incrementAndGet();
        if (failures.size() < 20) {
            failures.add(elapsedMillis() + " ms: " + what);
        }
    }

    private long elapsedMillis() {
        return (System.nanoTime() - origin) / 1_000_000;
    }

    /** Notes what the test does now (a signal sent, workers ready), so a failure can be placed among the steps. */
    void mark(String what) {
        marks.add(elapsedMillis() + " ms: " + what);
    }

    long okSoFar() {
        return ok.get();
    }

    /** Waits for the deadline or the request budget. */
    Result await() throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
        return new Result(ok.get(), failed.get(), List.copyOf(failures), List.copyOf(marks));
    }

    /** Ends the load now (each client finishes its request in flight). */
    Result stop() throws InterruptedException {
        stopped = true;
        return await();
    }

    @Override
    public void close() {
        stopped = true;
        try {
            await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
