package dev.jconda.server.master;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jconda.server.config.BindAddress;
import dev.jconda.server.posix.Libc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The first step of a graceful stop: the listening socket takes no new connection, yet every connection its client
 * already sees as established reaches the accept queue, where the workers drain it.
 */
class ListenSocketTest {
    private static final int IPPROTO_TCP = 6;
    private static final int TCP_DEFER_ACCEPT = 9;

    /**
     * The window the drain must close: the server's SYN-ACK went out before the refusal and the client's ACK comes
     * after it. The client's connect() has returned and its request is on the way, while the server still holds only
     * a half-open request. TCP_DEFER_ACCEPT makes that window as wide as the test wants: the server ignores the bare
     * ACK, and the handshake completes only with the first data, which here is sent after the refusal.
     */
    @Test
    void aHandshakeThatCompletesAfterTheRefusalStillReachesTheAcceptQueue() throws Exception {
        try (ListenSocket listener = ListenSocket.bind(new BindAddress("127.0.0.1", 0), 16);
                Socket client = new Socket()) {
            Libc.setIntSocketOption(listener.fd(), IPPROTO_TCP, TCP_DEFER_ACCEPT, 10);
            client.connect(new InetSocketAddress("127.0.0.1", listener.port()), 2000);
            assertFalse(listener.hasQueuedConnections(), "the handshake waits for the first data");

            listener.refuseNewConnections();
            client.getOutputStream().write("GET /health HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));

            long deadline = System.nanoTime() + 3_000_000_000L;
            while (!listener.hasQueuedConnections() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(listener.hasQueuedConnections(),
                    "a connection established for its client before the refusal never reached the accept queue");
        }
    }

    @Test
    void aConnectionAttemptedAfterTheRefusalIsNotAnswered() throws Exception {
        try (ListenSocket listener = ListenSocket.bind(new BindAddress("127.0.0.1", 0), 16);
                Socket late = new Socket()) {
            listener.refuseNewConnections();
            // The SYN is dropped, not refused: the client keeps retrying and its connect times out.
            assertThrows(IOException.class,
                    () -> late.connect(new InetSocketAddress("127.0.0.1", listener.port()), 500));
            assertFalse(listener.hasQueuedConnections());
        }
    }
}
