package dev.jconda.server.http;

/**
 * Lets the acceptor spread connections over the processes sharing the socket. One process that is running
 * when a burst of connections arrives would otherwise accept them all, and keep-alive keeps them there.
 */
public interface ConnectionGate {
    /** Called before each accept(2); may wait a little for a less loaded sibling to take the next connection. */
    void awaitTurn();

    void opened();

    void closed();
}
