package dev.jconda.server.http;

import dev.jconda.server.json.ByteSink;
import dev.jconda.server.metrics.StatusCodes;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection, served on its own virtual thread: read a head, read a Content-Length body, let the
 * handler answer, write head and body with one write, and loop while keep-alive holds. Connections are closed
 * "lingering" (shut down our side, drain what the client still sends) so a client never gets a reset instead of the
 * last response.
 */
final class HttpConnection implements Runnable {
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int INITIAL_BUFFER = 4096;
    private static final int SHRINK_ABOVE = 64 * 1024;
    private static final int LINGER_MILLIS = 2000;
    /** Logged and counted (as "other") for a client that went away in the middle of its request; nginx's 499. */
    private static final int CLIENT_CLOSED = 499;

    private final HttpServer server;
    private final SocketChannel channel;
    private final HttpSettings settings;
    private final HttpRequest request = new HttpRequest();
    private final HttpResponse response = new HttpResponse();
    private final ByteSink wire = new ByteSink(1024);
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private byte[] buf = new byte[INITIAL_BUFFER];
    private int start;
    private int limit;
    private static final long BUSY = 0;
    private static final long EXPIRED = -1;
    /** When the read in progress must have finished (wall clock); BUSY when not reading, EXPIRED once reaped. */
    private final AtomicLong deadline = new AtomicLong(BUSY);
    /** The deadline of the request being read: its first byte plus the read timeout. */
    private long requestDeadline;
    /** Wall-clock start of the request being handled, 0 while idle; read by the heartbeat for --timeout. */
    volatile long requestStartMillis;

    HttpConnection(HttpServer server, SocketChannel channel) {
        this.server = server;
        this.channel = channel;
        this.settings = server.settings();
    }

    @Override
    public void run() {
        try {
            socket = channel.socket();
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            serve();
        } catch (IOException e) {
            // The client went away or reset; nothing to answer.
        } finally {
            requestStartMillis = 0;
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a socket that failed
            }
            server.unregister(this);
        }
    }

    private void serve() throws IOException {
        boolean first = true;
        RequestObserver observer = server.observer();
        while (true) {
            compact();
            requestDeadline = 0;
            int headEnd;
            try {
                headEnd = awaitHead(first);
            } catch (HttpError e) {
                observer.started();
                long bytes = writeError(e);
                observer.finished(null, e.status, bytes, 0);
                lingeringClose();
                return;
            }
            if (headEnd < 0) {
                lingeringClose();
                return;
            }
            first = false;
            long t0 = System.nanoTime();
            requestStartMillis = System.currentTimeMillis();
            if (requestDeadline == 0) {
                requestDeadline = requestStartMillis + settings.readTimeoutMillis();
            }
            observer.started();
            try {
                request.parseHead(buf, headEnd, settings);
                readBody(headEnd);
            } catch (HttpError e) {
                long bytes = writeError(e);
                requestStartMillis = 0;
                observer.finished(request, e.status, bytes, System.nanoTime() - t0);
                lingeringClose();
                return;
            } catch (IOException e) {
                requestStartMillis = 0;
                observer.finished(request, CLIENT_CLOSED, 0, System.nanoTime() - t0);
                throw e;
            }
            response.reset();
            try {
                server.handler().handle(request, response);
            } catch (RuntimeException e) {
                server.log().error("handler failed on " + request.method() + " " + request.path() + ": " + e, e);
                response.error(500, "Internal server error");
            }
            boolean keepAlive = request.wantsKeepAlive() && !response.closeRequested()
                    && settings.keepAliveMillis() > 0 && !server.draining();
            long bytes;
            try {
                bytes = write(keepAlive, HttpRequest.HEAD.equals(request.method()));
            } finally {
                requestStartMillis = 0;
            }
            observer.finished(request, response.status(), bytes, System.nanoTime() - t0);
            if (!keepAlive) {
                lingeringClose();
                return;
            }
            start = request.bodyOffset() + request.bodyLength();
        }
    }

    /** Moves unread bytes (a pipelined request) to the front, so every request is parsed at offset 0. */
    private void compact() {
        int pending = limit - start;
        if (pending == 0) {
            start = 0;
            limit = 0;
            if (buf.length > SHRINK_ABOVE) {
                buf = new byte[INITIAL_BUFFER];
            }
        } else if (start > 0) {
            System.arraycopy(buf, start, buf, 0, pending);
            start = 0;
            limit = pending;
        }
    }

    /** Reads until a full head is buffered; returns the index just past its blank line, or -1 to close quietly. */
    private int awaitHead(boolean first) throws IOException, HttpError {
        int scanned = 0;
        while (true) {
            while (limit >= 2 && buf[0] == '\r' && buf[1] == '\n') {
                start = 2;
                compact();
                scanned = 0;
            }
            for (int i = Math.max(0, scanned - 3); i + 3 < limit; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                    return i + 4;
                }
            }
            scanned = limit;
            if (limit > settings.limitRequestLine() + 1
                    && HttpRequest.indexOfCrlf(buf, 0, limit) > settings.limitRequestLine()) {
                throw new HttpError(414, "Request line is longer than " + settings.limitRequestLine() + " bytes");
            }
            if (limit >= settings.maxHeadBytes()) {
                throw new HttpError(431, "Request header fields are too large");
            }
            if (limit == buf.length) {
                buf = Arrays.copyOf(buf, Math.min(buf.length * 2, settings.maxHeadBytes() + 4));
            }
            boolean idle = limit == 0;
            long now = System.currentTimeMillis();
            if (!idle && requestDeadline == 0) {
                requestDeadline = now + settings.readTimeoutMillis();
            }
            long until = !idle ? requestDeadline
                    : now + (first ? settings.readTimeoutMillis() : settings.keepAliveMillis());
            int n;
            try {
                n = readBefore(until);
            } catch (SocketTimeoutException e) {
                if (idle) {
                    return -1;
                }
                throw new HttpError(408, "Timed out reading the request");
            }
            if (n < 0) {
                return -1;
            }
            limit += n;
        }
    }

    /**
     * One read into the buffer, which must complete before {@code until} (wall clock). Reads carry no socket timeout:
     * a timed park costs a timer task per read on a virtual thread. Instead the server's reaper shuts the input of
     * connections past their deadline, which ends the read, and the compare-and-set below decides who won.
     */
    private int readBefore(long until) throws IOException {
        deadline.set(until);
        int n;
        try {
            n = in.read(buf, limit, buf.length - limit);
        } catch (IOException e) {
            deadline.set(BUSY);
            throw e;
        }
        if (!deadline.compareAndSet(until, BUSY)) {
            throw new SocketTimeoutException("deadline passed");
        }
        return n;
    }

    /** Called by the server's reaper: ends a read that has run past its deadline. */
    void expireIfDue(long nowMillis) {
        long d = deadline.get();
        if (d > 0 && nowMillis >= d && deadline.compareAndSet(d, EXPIRED)) {
            try {
                channel.shutdownInput();
            } catch (IOException e) {
                // already closed: the read has ended anyway
            }
        }
    }

    private void readBody(int headEnd) throws IOException, HttpError {
        if (request.chunked()) {
            throw new HttpError(411, "Chunked request bodies are not supported; send Content-Length");
        }
        long length = Math.max(0, request.contentLength());
        if (length > settings.limitRequestBody()) {
            throw new HttpError(413, "Request body is larger than " + settings.limitRequestBody() + " bytes");
        }
        int end = headEnd + (int) length;
        if (end > buf.length) {
            buf = Arrays.copyOf(buf, end);
        }
        if (limit < end) {
            if (request.expectContinue() && !request.isHttp10()) {
                out.write(CONTINUE);
            }
            while (limit < end) {
                int n;
                try {
                    n = readBefore(requestDeadline);
                } catch (SocketTimeoutException e) {
                    throw new HttpError(408, "Timed out reading the request body");
                }
                if (n < 0) {
                    throw new EOFException("client closed during the request body");
                }
                limit += n;
            }
        }
        request.attachBody(buf, headEnd, (int) length);
    }

    private long writeError(HttpError e) throws IOException {
        response.reset();
        response.error(e.status, e.getMessage());
        return write(false, false);
    }

    private long write(boolean keepAlive, boolean headOnly) throws IOException {
        ByteSink body = response.body();
        wire.reset();
        int status = response.status();
        wire.ascii("HTTP/1.1 ").decimal(status).append(' ').ascii(StatusCodes.reason(status))
                .ascii("\r\nServer: jconda\r\nDate: ").ascii(server.date())
                .ascii("\r\nContent-Type: ").ascii(response.contentType())
                .ascii("\r\nContent-Length: ").decimal(body.size()).ascii("\r\n");
        if (response.extraHeader() != null) {
            wire.ascii(response.extraHeader()).ascii("\r\n");
        }
        if (!keepAlive) {
            wire.ascii("Connection: close\r\n");
        } else if (request.isHttp10()) {
            wire.ascii("Connection: keep-alive\r\n");
        }
        wire.ascii("\r\n");
        if (!headOnly) {
            wire.append(body.array(), 0, body.size());
        }
        out.write(wire.array(), 0, wire.size());
        return wire.size();
    }

    /**
     * Half-closes our side and reads until the client closes too (bounded), so unread client bytes never turn the
     * close into a reset that could destroy the response we just sent.
     */
    private void lingeringClose() {
        try {
            socket.shutdownOutput();
            long deadline = System.currentTimeMillis() + LINGER_MILLIS;
            byte[] sink = buf;
            while (true) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                socket.setSoTimeout((int) left);
                if (in.read(sink, 0, sink.length) < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            // timed out or reset: we are closing anyway
        }
    }

    /** Closes the socket under a blocked read (graceful timeout ran out). */
    void abort() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
