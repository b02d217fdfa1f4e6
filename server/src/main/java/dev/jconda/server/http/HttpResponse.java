package dev.jconda.server.http;

import dev.jconda.server.buffer.ByteSink;
import dev.jconda.server.json.JsonWriter;

/** What a handler answers. One instance per connection, reset before each request. */
public final class HttpResponse {
    public static final String JSON = "application/json";

    private int status;
    private String contentType;
    private String extraHeader;
    private boolean close;
    private final ByteSink body = new ByteSink(256);

    void reset() {
        status = 200;
        contentType = JSON;
        extraHeader = null;
        close = false;
        body.reset();
    }

    /** After a request: drops a body buffer that one large response grew. */
    void trim(int maxKept) {
        body.trim(maxKept);
    }

    public int status() {
        return status;
    }

    public HttpResponse status(int status) {
        this.status = status;
        return this;
    }

    public String contentType() {
        return contentType;
    }

    public HttpResponse contentType(String contentType) {
        this.contentType = contentType;
        return this;
    }

    /** One extra header line without CRLF, e.g. {@code Allow: POST}. */
    public HttpResponse header(String line) {
        this.extraHeader = extraHeader == null ? line : extraHeader + "\r\n" + line;
        return this;
    }

    String extraHeader() {
        return extraHeader;
    }

    /** Asks for the connection to be closed after this response. */
    public HttpResponse close() {
        this.close = true;
        return this;
    }

    boolean closeRequested() {
        return close;
    }

    public ByteSink body() {
        return body;
    }

    /** A JSON error body {@code {"error": message}} with {@code status}. */
    public HttpResponse error(int status, String message) {
        this.status = status;
        this.contentType = JSON;
        body.reset();
        JsonWriter.error(body, message);
        return this;
    }
}
