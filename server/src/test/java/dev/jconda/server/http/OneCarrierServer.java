package dev.jconda.server.http;

import dev.jconda.server.Log;
import dev.jconda.server.config.LogLevel;
import dev.jconda.server.posix.FdOutput;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;

/**
 * An {@link HttpServer} alone, for a JVM started with one carrier thread for virtual threads: {@code GET /spin} keeps
 * its virtual thread on the CPU for {@link #SPIN_MILLIS}, and with it the only carrier, so every other connection's thread
 * waits to run while the platform threads (acceptor, deadline reaper) go on. That is a worker starved of CPU, made
 * exact. Keep-alive is 1 s. Prints the port on stdout, then serves until killed.
 */
public final class OneCarrierServer {
    static final long SPIN_MILLIS = 1500;

    private OneCarrierServer() {
    }

    public static void main(String[] args) throws Exception {
        ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        HttpHandler handler = new HttpHandler() {
            @Override
            public boolean admit(HttpRequest request, HttpResponse response) {
                return true;
            }

            @Override
            public void handle(HttpRequest request, HttpResponse response) {
                if (request.path().equals("/spin")) {
                    long until = System.nanoTime() + 1_000_000L * SPIN_MILLIS;
                    long spins = 0;
                    while (System.nanoTime() < until) {
                        spins++;
                    }
                    response.status(200).contentType("text/plain").body().ascii("spun " + spins);
                } else {
                    response.status(200).contentType("text/plain").body().ascii("ok");
                }
            }
        };
        RequestObserver observer = new RequestObserver() {
            @Override
            public void started() {
            }

            @Override
            public void finished(HttpRequest request, int status, long responseBytes, long durationNanos) {
            }
        };
        ConnectionGate gate = new ConnectionGate() {
            @Override
            public void awaitTurn() {
            }

            @Override
            public void opened() {
            }

            @Override
            public void closed() {
            }
        };
        HttpSettings settings = new HttpSettings(4094, 100, 8190, 1 << 20, 1000, 10_000, 64 << 20);
        new HttpServer(listener, handler, settings, observer, gate, new Log(new FdOutput(2), LogLevel.INFO)).start();
        System.out.println(((InetSocketAddress) listener.getLocalAddress()).getPort());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
