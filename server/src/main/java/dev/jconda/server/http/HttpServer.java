package dev.jconda.server.http;

import dev.jconda.server.Log;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;

/**
 * HTTP/1.1 on a listening channel this process shares with others (the master's socket, inherited as fd 0).
 * One platform thread blocks in accept(2) — never a virtual thread, which would switch the shared socket to
 * non-blocking for every process — and each connection runs on a virtual thread.
 *
 * <p>{@link #stopAccepting()} closes only this process's copy of the socket: connections still queued in the
 * kernel stay there for the other workers, connections already accepted here are finished.
 */
public final class HttpServer {
    private final ServerSocketChannel listener;
    private final HttpHandler handler;
    private final HttpSettings settings;
    private final RequestObserver observer;
    private final Log log;
    private final ConnectionGate gate;
    private final DateHeader date = new DateHeader();
    private final BufferBudget budget;
    private final Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
    private final ThreadFactory connectionThreads = Thread.ofVirtual().name("http-", 0).factory();
    private volatile boolean draining;
    private Thread acceptor;

    public HttpServer(ServerSocketChannel listener, HttpHandler handler, HttpSettings settings,
            RequestObserver observer, ConnectionGate gate, Log log) {
        this.listener = listener;
        this.gate = gate;
        this.handler = handler;
        this.settings = settings;
        this.observer = observer;
        this.log = log;
        this.budget = new BufferBudget(settings.maxBufferedBytes());
    }

    public void start() {
        acceptor = Thread.ofPlatform().name("acceptor").daemon(true).start(this::acceptLoop);
        Thread.ofPlatform().name("http-deadlines").daemon(true).start(this::reapLoop);
    }

    /**
     * Ends reads and writes past their deadline (keep-alive idle time, slow requests, clients that do not read):
     * one thread instead of a timer per read.
     */
    private void reapLoop() {
        int shortest = settings.keepAliveMillis() > 0
                ? Math.min(settings.keepAliveMillis(), settings.networkTimeoutMillis())
                : settings.networkTimeoutMillis();
        long period = Math.clamp(shortest / 10, 10, 250);
        while (true) {
            long now = System.currentTimeMillis();
            for (HttpConnection c : connections) {
                c.expireIfDue(now);
            }
            sleepQuietly(period);
        }
    }

    private void acceptLoop() {
        while (!draining) {
            SocketChannel channel;
            gate.awaitTurn();
            try {
                channel = listener.accept();
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                if (draining) {
                    break;
                }
                // EMFILE and friends: back off instead of spinning; the connection waits in the queue.
                log.warning("accept failed: " + e.getMessage());
                sleepQuietly(100);
                continue;
            }
            HttpConnection connection = new HttpConnection(this, channel);
            connections.add(connection);
            gate.opened();
            connectionThreads.newThread(connection).start();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking connections; requests in flight finish and keep-alive connections close after their next reply. */
    public void stopAccepting() {
        draining = true;
        try {
            listener.close();
        } catch (IOException e) {
            log.warning("closing the listener: " + e.getMessage());
        }
        if (acceptor != null) {
            try {
                acceptor.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until every connection has closed; false if {@code timeoutMillis} ran out first. */
    public boolean awaitConnections(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!connections.isEmpty()) {
            if (System.currentTimeMillis() >= deadline) {
                return false;
            }
            sleepQuietly(10);
        }
        return true;
    }

    public void abortConnections() {
        for (HttpConnection c : connections) {
            c.abort();
        }
    }

    public int openConnections() {
        return connections.size();
    }

    /**
     * Start time of the oldest model work running, 0 if none: the heartbeat reports it for --timeout. Network waits
     * are not in it; they have their own deadlines that end the connection.
     */
    public long oldestWorkStartMillis() {
        long oldest = 0;
        for (HttpConnection c : connections) {
            long t = c.workStartMillis;
            if (t != 0 && (oldest == 0 || t < oldest)) {
                oldest = t;
            }
        }
        return oldest;
    }

    boolean draining() {
        return draining;
    }

    void unregister(HttpConnection connection) {
        if (connections.remove(connection)) {
            gate.closed();
        }
    }

    BufferBudget budget() {
        return budget;
    }

    HttpSettings settings() {
        return settings;
    }

    HttpHandler handler() {
        return handler;
    }

    RequestObserver observer() {
        return observer;
    }

    Log log() {
        return log;
    }

    String date() {
        return date.now();
    }
}
