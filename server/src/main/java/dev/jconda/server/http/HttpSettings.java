package dev.jconda.server.http;

/**
 * Limits and timeouts of the HTTP layer. {@code keepAliveMillis} 0 disables keep-alive. {@code networkTimeoutMillis}
 * bounds each network wait of a request: reading it once it has started arriving (408), and writing its response to
 * a client that does not read; either ends the connection, never the worker. {@code maxBufferedBytes} caps the request
 * bytes all connections of the process hold together beyond their small initial buffers (503 past it).
 */
public record HttpSettings(
        int limitRequestLine,
        int limitRequestFields,
        int limitRequestFieldSize,
        long limitRequestBody,
        int keepAliveMillis,
        int networkTimeoutMillis,
        long maxBufferedBytes) {

    /** The most bytes a request head may take before it is refused with 431. */
    int maxHeadBytes() {
        long max = limitRequestLine + 2L + (long) limitRequestFields * (limitRequestFieldSize + 2L) + 2L;
        return (int) Math.min(max, 4L << 20);
    }
}
