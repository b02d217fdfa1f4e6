package dev.jconda.server.http;

/** Told about every request (metrics, access log). {@code request} fields may be null for unparsable requests. */
public interface RequestObserver {
    void started();

    void finished(HttpRequest request, int status, long responseBytes, long durationNanos);
}
