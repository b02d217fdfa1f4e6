package dev.jconda.server.http;

/** Answers one parsed request by filling in the response; runs on the connection's virtual thread. */
@FunctionalInterface
public interface HttpHandler {
    void handle(HttpRequest request, HttpResponse response);
}
