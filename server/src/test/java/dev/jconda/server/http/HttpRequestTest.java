package dev.jconda.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpRequestTest {
    private static final HttpSettings LIMITS = new HttpSettings(4094, 5, 100, 1 << 20, 2000, 10000, 1 << 24);

    private static HttpRequest parse(String head) throws HttpError {
        byte[] b = head.getBytes(StandardCharsets.ISO_8859_1);
        HttpRequest r = new HttpRequest();
        r.parseHead(b, b.length, LIMITS);
        return r;
    }

    private static int status(String head) {
        return assertThrows(HttpError.class, () -> parse(head)).status;
    }

    @Test
    void parsesTheHeadersTheServerActsOn() throws HttpError {
        HttpRequest r = parse("POST /predict?x=1 HTTP/1.1\r\nHost: a\r\ncontent-LENGTH:  34 \r\n"
                + "Authorization: Bearer k\r\nConnection: keep-alive, close\r\n\r\n");
        assertSame(HttpRequest.POST, r.method());
        assertSame("/predict", r.path());
        assertEquals(34, r.contentLength());
        assertEquals("Bearer k", r.authorization());
        assertFalse(r.wantsKeepAlive());
    }

    @Test
    void keepAliveDefaultsDifferByVersion() throws HttpError {
        assertTrue(parse("GET /health HTTP/1.1\r\nHost: a\r\n\r\n").wantsKeepAlive());
        assertFalse(parse("GET /health HTTP/1.0\r\n\r\n").wantsKeepAlive());
        assertTrue(parse("GET /health HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").wantsKeepAlive());
    }

    @Test
    void absoluteFormTargetsAreReducedToTheirPath() throws HttpError {
        assertSame("/ready", parse("GET http://example.com/ready HTTP/1.1\r\nHost: a\r\n\r\n").path());
        assertSame("/ready", parse("GET HTTPS://example.com/ready HTTP/1.1\r\nHost: a\r\n\r\n").path());
        assertEquals("/other", parse("GET /other HTTP/1.1\r\nHost: a\r\n\r\n").path());
    }

    @Test
    void absoluteFormTargetsOtherThanHttpAreRefused() {
        assertEquals(400, status("GET file://example.com/ready HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertEquals(400, status("GET gopher://example.com/ready HTTP/1.1\r\nHost: a\r\n\r\n"));
    }

    @Test
    void http11NeedsExactlyOneHost() throws HttpError {
        assertEquals(400, status("GET /health HTTP/1.1\r\n\r\n"));
        assertEquals(400, status("GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"));
        assertSame("/health", parse("GET /health HTTP/1.0\r\n\r\n").path());
    }

    @Test
    void severalAuthorizationHeadersAreRefused() {
        assertEquals(400, status("GET /metrics HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer x\r\n"
                + "Authorization: Bearer y\r\n\r\n"));
    }

    @Test
    void controlCharactersInAFieldValueAreRefused() {
        assertEquals(400, status("GET /x HTTP/1.1\r\nHost: a\r\nX-A: a\u0000b\r\n\r\n"));
        assertEquals(400, status("GET /x HTTP/1.1\r\nHost: a\r\nX-A: a\rb\r\n\r\n"));
        assertEquals(400, status("GET /x HTTP/1.1\r\nHost: a\r\nX-A: a\u0001b\r\n\r\n"));
    }

    @Test
    void refusesWhatItCannotServe() {
        assertEquals(400, status("GET\r\n\r\n"));
        assertEquals(400, status("GET /x HTTP/1.1\r\nBad Header\r\n\r\n"));
        assertEquals(400, status("GET /x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"));
        assertEquals(400, status("GET /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n"));
        assertEquals(505, status("GET /x HTTP/2.0\r\n\r\n"));
        assertEquals(431, status("GET /x HTTP/1.1\r\na: 1\r\nb: 1\r\nc: 1\r\nd: 1\r\ne: 1\r\nf: 1\r\n\r\n"));
        assertEquals(431, status("GET /x HTTP/1.1\r\na: " + "x".repeat(200) + "\r\n\r\n"));
        assertEquals(414, status("GET /" + "x".repeat(5000) + " HTTP/1.1\r\n\r\n"));
    }
}
