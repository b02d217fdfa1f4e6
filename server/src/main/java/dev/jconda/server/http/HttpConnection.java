package dev.jconda.server.http;

import dev.jconda.server.buffer.ByteSink;
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
 *
 * <p>Every network wait has a deadline that ends the connection: the idle time between requests, the time to read
 * a request once it started arriving, the time to write a response. None of them touches {@link #workStartMillis},
 * the only clock {@code --timeout} kills a worker by.
 */
final class HttpConnection implements Runnable {
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int INITIAL_BUFFER = 4096;
    /** Buffers grown past this by one request are given back after it, so an idle connection stays small. */
    private static final int KEEP_AT_MOST = 64 * 1024;
    private static final int LINGER_MILLIS = 2000;
    /** Logged and counted (as "other") for a client that went away in the middle of its request; nginx's 499. */
    private static final int CLIENT_CLOSED = 499;
    private static final long BUSY = 0;
    private static final long EXPIRED = -1;

    private final HttpServer server;
    private final SocketChannel channel;
    private final HttpSettings settings;
    private final BufferBudget budget;
    private final HttpRequest request = new HttpRequest();
    private final HttpResponse response = new HttpResponse();
    private final ByteSink wire = new ByteSink(1024);
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private byte[] buf = new byte[INITIAL_BUFFER];
    private int start;
    private int limit;
    /** When the read in progress must have finished (wall clock); BUSY when not reading, EXPIRED once reaped. */
    private final AtomicLong deadline = new AtomicLong(BUSY);
    /** Whether the read in progress waits for the first byte of a request (the keep-alive or first-request wait). */
    private volatile boolean awaitingRequest;
    /** When the write in progress must have finished; 0 when not writing. */
    private volatile long writeDeadline;
    /** The deadline of the request being read: its first byte plus the network timeout. */
    private long requestDeadline;
    /** Wall-clock start of the model work of the request being handled, 0 otherwise; read by the heartbeat. */
    volatile long workStartMillis;
    /** What the request being served is answered with so far; reported to the observer once, in a finally. */
    private int status;
    private long bytesWritten;

    HttpConnection(HttpServer server, SocketChannel channel) {
        this.server = server;
        this.channel = channel;
        this.settings = server.settings();
        this.budget = server.budget();
        request.connection(this);
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
            // The client went away, reset, or ran past a network deadline; nothing to answer.
        } finally {
            workStartMillis = 0;
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a socket that failed
            }
            budget.release(buf.length - INITIAL_BUFFER);
            buf = null;
            server.unregister(this);
        }
    }

    private void serve() throws IOException {
        boolean first = true;
        while (true) {
            compact();
            requestDeadline = 0;
            int headEnd;
            try {
                headEnd = awaitHead(first);
            } catch (HttpError e) {
                refuse(e);
                return;
            }
            if (headEnd < 0) {
                lingeringClose();
                return;
            }
            first = false;
            if (!serveRequest(headEnd)) {
                lingeringClose();
                return;
            }
            start = request.bodyOffset() + request.bodyLength();
            request.release(KEEP_AT_MOST / Float.BYTES);
            response.trim(KEEP_AT_MOST);
            wire.trim(KEEP_AT_MOST);
        }
    }

    /** Answers an unparsable head and closes: what follows it on the connection cannot be trusted. */
    private void refuse(HttpError e) throws IOException {
        RequestObserver observer = server.observer();
        observer.started();
        status = e.status;
        bytesWritten = 0;
        try {
            bytesWritten = writeError(e);
        } finally {
            observer.finished(null, status, bytesWritten, 0);
        }
        lingeringClose();
    }

    /** Serves one request whose head ends at {@code headEnd}; returns whether the connection stays open. */
    private boolean serveRequest(int headEnd) throws IOException {
        long t0 = System.nanoTime();
        if (requestDeadline == 0) {
            requestDeadline = System.currentTimeMillis() + settings.networkTimeoutMillis();
        }
        RequestObserver observer = server.observer();
        observer.started();
        status = CLIENT_CLOSED;
        bytesWritten = 0;
        boolean parsed = false;
        try {
            response.reset();
            boolean admitted;
            try {
                request.parseHead(buf, headEnd, settings);
                parsed = true;
                admitted = server.handler().admit(request, response);
                if (admitted) {
                    readBody(headEnd);
                }
            } catch (HttpError e) {
                status = e.status;
                bytesWritten = writeError(e);
                return false;
            }
            if (admitted) {
                handle();
            } else if (request.hasBody()) {
                // The body was never read; the connection cannot carry another request.
                response.close();
            } else {
                request.attachBody(buf, headEnd, 0);
            }
            boolean keepAlive = request.wantsKeepAlive() && !response.closeRequested()
                    && settings.keepAliveMillis() > 0 && !server.draining();
            status = response.status();
            bytesWritten = write(keepAlive, HttpRequest.HEAD.equals(request.method()));
            return keepAlive;
        } finally {
            // In a finally: an Error (out of memory) must not leave the request counted in flight forever.
            observer.finished(parsed ? request : null, status, bytesWritten, System.nanoTime() - t0);
        }
    }

    private void handle() {
        try {
            server.handler().handle(request, response);
        } catch (RuntimeException e) {
            server.log().error("handler failed on " + request.method() + " " + request.path() + ": " + e, e);
            response.error(500, "Internal server error");
        } catch (OutOfMemoryError e) {
            response.error(503, "Server out of memory").header("Retry-After: 1").close();
        }
    }

    /**
     * Moves unread bytes (a pipelined request) to the front, so every request is parsed at offset 0, and gives back
     * a buffer that one large request grew.
     */
    private void compact() {
        int pending = limit - start;
        if (buf.length > KEEP_AT_MOST && pending <= INITIAL_BUFFER) {
            byte[] small = new byte[INITIAL_BUFFER];
            System.arraycopy(buf, start, small, 0, pending);
            budget.release(buf.length - INITIAL_BUFFER);
            buf = small;
        } else if (start > 0 && pending > 0) {
            System.arraycopy(buf, start, buf, 0, pending);
        }
        start = 0;
        limit = pending;
    }

    /** Grows the buffer to hold at least {@code needed} bytes, within the process's budget (503 beyond it). */
    private void grow(int needed, int atMost) throws HttpError {
        int size = Math.min(Math.max(needed, buf.length * 2), Math.max(needed, atMost));
        if (!budget.reserve(size - buf.length)) {
            throw new HttpError(503, "Server busy: too many request bytes buffered; retry later");
        }
        buf = Arrays.copyOf(buf, size);
    }

    /**
     * Reads until a full head is buffered; returns the index just past its blank line, or -1 to close quietly.
     * Only CRLF ends a line: a bare LF, a bare CR or a NUL anywhere in the head is refused at once (RFC 9112
     * section 2.2), because a proxy in front may split the lines differently and see another request.
     */
    private int awaitHead(boolean first) throws IOException, HttpError {
        int scanned = 0;
        while (true) {
            while (limit >= 2 && buf[0] == '\r' && buf[1] == '\n') {
                start = 2;
                compact();
                scanned = 0;
            }
            int i = scanned;
            for (; i < limit; i++) {
                byte c = buf[i];
                if (c == '\r') {
                    if (i + 1 == limit) {
                        break;
                    }
                    if (buf[i + 1] != '\n') {
                        throw new HttpError(400, "Bare CR in the request head");
                    }
                } else if (c == '\n') {
                    if (i == 0 || buf[i - 1] != '\r') {
                        throw new HttpError(400, "Bare LF in the request head");
                    }
                    if (i >= 3 && buf[i - 2] == '\n') {
                        return i + 1;
                    }
                } else if (c == 0) {
                    throw new HttpError(400, "NUL in the request head");
                }
            }
            scanned = i;
            if (limit > settings.limitRequestLine() + 1
                    && HttpRequest.indexOfCrlf(buf, 0, limit) > settings.limitRequestLine()) {
                throw new HttpError(414, "Request line is longer than " + settings.limitRequestLine() + " bytes");
            }
            if (limit >= settings.maxHeadBytes()) {
                throw new HttpError(431, "Request header fields are too large");
            }
            if (limit == buf.length) {
                grow(limit + 1, settings.maxHeadBytes() + 4);
            }
            boolean idle = limit == 0;
            long now = System.currentTimeMillis();
            if (!idle && requestDeadline == 0) {
                requestDeadline = now + settings.networkTimeoutMillis();
            }
            long until = !idle ? requestDeadline
                    : now + (first ? settings.networkTimeoutMillis() : settings.keepAliveMillis());
            int n;
            awaitingRequest = idle;
            try {
                n = readBefore(until);
            } catch (SocketTimeoutException e) {
                if (idle) {
                    return -1;
                }
                throw new HttpError(408, "Timed out reading the request");
            } finally {
                awaitingRequest = false;
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

    /** Called by the server's reaper: ends a read or a write that has run past its deadline. */
    void expireIfDue(long nowMillis) {
        long d = deadline.get();
        if (d > 0 && nowMillis >= d && !requestWaiting() && deadline.compareAndSet(d, EXPIRED)) {
            try {
                channel.shutdownInput();
            } catch (IOException e) {
                // already closed: the read has ended anyway
            }
        }
        long w = writeDeadline;
        if (w > 0 && nowMillis >= w) {
            // A client that does not read its response: closing is the only way to end a blocked write.
            abort();
        }
    }

    /**
     * Whether a request has reached an idle connection whose thread has not read it yet: in a worker short of CPU the
     * thread can run after the idle deadline although the bytes came before it. Such a request is served (its own
     * deadline then applies) instead of being dropped with the connection; only a connection with nothing waiting
     * is closed for idling.
     */
    private boolean requestWaiting() {
        if (!awaitingRequest) {
            return false;
        }
        try {
            return in.available() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads the body as it arrives; the buffer grows with the bytes received, not with the declared length. */
    private void readBody(int headEnd) throws IOException, HttpError {
        if (request.chunked()) {
            throw new HttpError(411, "Chunked request bodies are not supported; send Content-Length");
        }
        long length = Math.max(0, request.contentLength());
        if (length > settings.limitRequestBody() || headEnd + length > Integer.MAX_VALUE - 16) {
            throw new HttpError(413, "Request body is larger than " + settings.limitRequestBody() + " bytes");
        }
        int end = headEnd + (int) length;
        if (limit < end) {
            if (request.expectContinue() && !request.isHttp10()) {
                timedWrite(CONTINUE, CONTINUE.length);
            }
            while (limit < end) {
                if (limit == buf.length) {
                    grow(limit + 1, end);
                }
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
        if (e.status == 503) {
            response.header("Retry-After: 1");
        }
        return write(false, false);
    }

    private long write(boolean keepAlive, boolean headOnly) throws IOException {
        ByteSink body = response.body();
        wire.reset();
        int code = response.status();
        wire.ascii("HTTP/1.1 ").decimal(code).append(' ').ascii(ReasonPhrase.of(code))
                .ascii("\r\nServer: jconda\r\nDate: ").ascii(server.date())
                .ascii("\r\nContent-Type: ").ascii(response.contentType())
                .ascii("\r\nContent-Length: ").decimal(body.size()).ascii("\r\n");
        if (response.extraHeader() != null) {
            wire.ascii(response.extraHeader()).ascii("\r\n");
        }
        if (!keepAlive) {
            wire.ascii("Connection: close\r\n");
        } else {
            if (request.isHttp10()) {
                wire.ascii("Connection: keep-alive\r\n");
            }
            // As Apache httpd and Node.js do: clients that read it (Apache HttpClient, HttpURLConnection, undici)
            // drop the connection once idle that long instead of sending on it as the server closes it.
            wire.ascii("Keep-Alive: timeout=").decimal(settings.keepAliveMillis() / 1000).ascii("\r\n");
        }
        wire.ascii("\r\n");
        if (!headOnly) {
            wire.append(body.array(), 0, body.size());
        }
        timedWrite(wire.array(), wire.size());
        return wire.size();
    }

    /** Writes within the network timeout; the reaper closes the connection of a client that stops reading. */
    private void timedWrite(byte[] bytes, int length) throws IOException {
        writeDeadline = System.currentTimeMillis() + settings.networkTimeoutMillis();
        try {
            out.write(bytes, 0, length);
        } finally {
            writeDeadline = 0;
        }
    }

    /**
     * Half-closes our side and reads until the client closes too (bounded), so unread client bytes never turn the
     * close into a reset that could destroy the response we just sent.
     */
    private void lingeringClose() {
        try {
            socket.shutdownOutput();
            long until = System.currentTimeMillis() + LINGER_MILLIS;
            byte[] sink = buf;
            while (true) {
                long left = until - System.currentTimeMillis();
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

    /** Closes the socket under a blocked read or write (graceful timeout or network deadline ran out). */
    void abort() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
