package dev.jconda.server.http;

/** A request the server refuses before it reaches a handler (bad syntax, limits); always closes the connection. */
final class HttpError extends Exception {
    final int status;

    HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
