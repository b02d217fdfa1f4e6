package dev.jconda.server.http;

/** Answers one parsed request by filling in the response; runs on the connection's virtual thread. */
public interface HttpHandler {
    /**
     * Judges a request from its head alone, before any body byte is read or {@code 100 Continue} is sent: returns
     * false when {@code response} already holds the answer (401 without the key, 404, 405).
     */
    boolean admit(HttpRequest request, HttpResponse response);

    void handle(HttpRequest request, HttpResponse response);
}
