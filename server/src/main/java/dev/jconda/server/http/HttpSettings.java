package dev.jconda.server.http;

/**
 * Limits and timeouts of the HTTP layer. {@code keepAliveMillis} 0 disables keep-alive; the read timeout bounds a
 * request that has started arriving (slow clients get 408).
 */
public record HttpSettings(
        int limitRequestLine,
        int limitRequestFields,
        int limitRequestFieldSize,
        long limitRequestBody,
        int keepAliveMillis,
        int readTimeoutMillis) {

    /** The most bytes a request head may take before it is refused with 431. */
    int maxHeadBytes() {
        long max = limitRequestLine + 2L + (long) limitRequestFields * (limitRequestFieldSize + 2L) + 2L;
        return (int) Math.min(max, 4L << 20);
    }
}
