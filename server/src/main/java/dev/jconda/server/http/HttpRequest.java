package dev.jconda.server.http;

import dev.jconda.server.json.TensorParser;
import java.nio.charset.StandardCharsets;

/**
 * One request on a connection, parsed in place from the connection's buffer: the head is scanned once, only the
 * headers the server acts on are kept, and the body is a slice of the same buffer. Reused for every request.
 */
public final class HttpRequest {
    public static final String GET = "GET";
    public static final String HEAD = "HEAD";
    public static final String POST = "POST";

    private static final byte[] H_CONTENT_LENGTH = bytes("content-length");
    private static final byte[] H_TRANSFER_ENCODING = bytes("transfer-encoding");
    private static final byte[] H_CONNECTION = bytes("connection");
    private static final byte[] H_AUTHORIZATION = bytes("authorization");
    private static final byte[] H_EXPECT = bytes("expect");
    private static final byte[] H_HOST = bytes("host");

    private static final String[] KNOWN_PATHS = {"/predict", "/health", "/ready", "/metrics", "/"};
    private static final byte[][] KNOWN_PATH_BYTES = {
        bytes("/predict"), bytes("/health"), bytes("/ready"), bytes("/metrics"), bytes("/")
    };

    private byte[] buf;
    private String method;
    private String path;
    private boolean http10;
    private long contentLength;
    private boolean chunked;
    private boolean connectionClose;
    private boolean connectionKeepAlive;
    private boolean expectContinue;
    private String authorization;
    private int authorizations;
    private int hosts;
    private int bodyOffset;
    private int bodyLength;
    private TensorParser tensorParser;
    private HttpConnection connection;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public String method() {
        return method;
    }

    /** The path without query string; the well-known paths are shared constants. */
    public String path() {
        return path;
    }

    public boolean isHttp10() {
        return http10;
    }

    public String authorization() {
        return authorization;
    }

    public byte[] bodyArray() {
        return buf;
    }

    public int bodyOffset() {
        return bodyOffset;
    }

    public int bodyLength() {
        return bodyLength;
    }

    long contentLength() {
        return contentLength;
    }

    boolean chunked() {
        return chunked;
    }

    boolean expectContinue() {
        return expectContinue;
    }

    /** Whether the client lets the connection stay open after this request. */
    boolean wantsKeepAlive() {
        return http10 ? connectionKeepAlive && !connectionClose : !connectionClose;
    }

    void attachBody(byte[] b, int offset, int length) {
        buf = b;
        bodyOffset = offset;
        bodyLength = length;
    }

    /** Whether a body follows the head (its bytes are unread when a request is refused from its head). */
    boolean hasBody() {
        return chunked || contentLength > 0;
    }

    /** After the response: lets go of the connection's buffer and of a parser buffer grown by a large request. */
    void release(int maxKeptValues) {
        buf = null;
        if (tensorParser != null) {
            tensorParser.trim(maxKeptValues);
        }
    }

    void connection(HttpConnection c) {
        connection = c;
    }

    /**
     * Starts the clock that {@code --timeout} applies to: called when the request leaves the worker's queue and its
     * model work begins. Only model work counts: a slow client (body, response, idle) is bounded by the network
     * deadlines, which end its connection, never the worker.
     */
    public void processingStarted() {
        if (connection != null) {
            connection.workStartMillis = System.currentTimeMillis();
        }
    }

    /** Stops the {@code --timeout} clock; called in a finally after the model work. */
    public void processingFinished() {
        if (connection != null) {
            connection.workStartMillis = 0;
        }
    }

    /** The connection's JSON-to-tensor reader (its buffers are reused request after request). */
    public TensorParser tensorParser() {
        if (tensorParser == null) {
            tensorParser = new TensorParser();
        }
        return tensorParser;
    }

    /**
     * Parses the head in {@code buf[0, headEnd)} ({@code headEnd} is just past the blank line).
     *
     * @throws HttpError 400 for bad syntax, 414 for a long request line, 431 for too many or too large fields,
     *     505 for an HTTP version other than 1.x
     */
    void parseHead(byte[] b, int headEnd, HttpSettings limits) throws HttpError {
        buf = b;
        method = null;
        path = null;
        contentLength = -1;
        chunked = false;
        connectionClose = false;
        connectionKeepAlive = false;
        expectContinue = false;
        authorization = null;
        authorizations = 0;
        hosts = 0;
        bodyOffset = 0;
        bodyLength = 0;

        int lineEnd = indexOfCrlf(b, 0, headEnd);
        if (lineEnd > limits.limitRequestLine()) {
            throw new HttpError(414, "Request line is longer than " + limits.limitRequestLine() + " bytes");
        }
        int sp1 = indexOf(b, (byte) ' ', 0, lineEnd);
        int sp2 = sp1 < 0 ? -1 : indexOf(b, (byte) ' ', sp1 + 1, lineEnd);
        if (sp1 <= 0 || sp2 < 0 || sp2 == sp1 + 1) {
            throw new HttpError(400, "Invalid request line");
        }
        method = method(b, sp1);
        parseTarget(b, sp1 + 1, sp2);
        parseVersion(b, sp2 + 1, lineEnd);

        int fields = 0;
        int pos = lineEnd + 2;
        while (true) {
            int end = indexOfCrlf(b, pos, headEnd);
            if (end == pos) {
                break;
            }
            if (++fields > limits.limitRequestFields()) {
                throw new HttpError(431, "More than " + limits.limitRequestFields() + " header fields");
            }
            if (end - pos > limits.limitRequestFieldSize()) {
                throw new HttpError(431, "A header field is longer than " + limits.limitRequestFieldSize() + " bytes");
            }
            header(b, pos, end);
            pos = end + 2;
        }
        if (hosts > 1 || hosts == 0 && !http10) {
            // RFC 9112 section 3.2: a server must answer 400 to HTTP/1.1 without Host and to several Host fields.
            throw new HttpError(400, hosts == 0 ? "Missing Host header" : "Multiple Host headers");
        }
        if (authorizations > 1) {
            throw new HttpError(400, "Multiple Authorization headers");
        }
    }

    private static String method(byte[] b, int len) throws HttpError {
        if (len == 3 && b[0] == 'G' && b[1] == 'E' && b[2] == 'T') {
            return GET;
        }
        if (len == 4 && b[0] == 'P' && b[1] == 'O' && b[2] == 'S' && b[3] == 'T') {
            return POST;
        }
        if (len == 4 && b[0] == 'H' && b[1] == 'E' && b[2] == 'A' && b[3] == 'D') {
            return HEAD;
        }
        for (int i = 0; i < len; i++) {
            if (!isTokenChar(b[i])) {
                throw new HttpError(400, "Invalid method");
            }
        }
        return new String(b, 0, len, StandardCharsets.US_ASCII);
    }

    private void parseTarget(byte[] b, int from, int to) throws HttpError {
        int start = from;
        if (b[start] != '/') {
            // absolute-form (proxies): http://host/path
            int scheme = indexOf(b, (byte) ':', start, to);
            boolean web = scheme - start == 4 && regionEqualsIgnoreCase(b, start, "http")
                    || scheme - start == 5 && regionEqualsIgnoreCase(b, start, "https");
            if (web && scheme + 2 < to && b[scheme + 1] == '/' && b[scheme + 2] == '/') {
                int slash = indexOf(b, (byte) '/', scheme + 3, to);
                start = slash < 0 ? to : slash;
            } else if (!(to - from == 1 && b[from] == '*')) {
                throw new HttpError(400, "Invalid request target");
            }
        }
        int end = indexOf(b, (byte) '?', start, to);
        if (end < 0) {
            end = to;
        }
        for (int i = start; i < end; i++) {
            if (b[i] <= ' ' || b[i] == 127) {
                throw new HttpError(400, "Invalid request target");
            }
        }
        for (int k = 0; k < KNOWN_PATH_BYTES.length; k++) {
            if (equalsAt(b, start, end, KNOWN_PATH_BYTES[k])) {
                path = KNOWN_PATHS[k];
                return;
            }
        }
        path = start == end ? "/" : new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private void parseVersion(byte[] b, int from, int to) throws HttpError {
        if (to - from == 8 && b[from] == 'H' && b[from + 1] == 'T' && b[from + 2] == 'T' && b[from + 3] == 'P'
                && b[from + 4] == '/' && b[from + 6] == '.') {
            if (b[from + 5] == '1' && (b[from + 7] == '1' || b[from + 7] == '0')) {
                http10 = b[from + 7] == '0';
                return;
            }
            if (b[from + 5] >= '0' && b[from + 5] <= '9') {
                throw new HttpError(505, "HTTP version not supported");
            }
        }
        throw new HttpError(400, "Invalid HTTP version");
    }

    private void header(byte[] b, int from, int to) throws HttpError {
        int colon = indexOf(b, (byte) ':', from, to);
        if (colon <= from) {
            throw new HttpError(400, "Invalid header field");
        }
        for (int i = from; i < colon; i++) {
            if (!isTokenChar(b[i])) {
                throw new HttpError(400, "Invalid header field name");
            }
        }
        int vs = colon + 1;
        int ve = to;
        while (vs < ve && (b[vs] == ' ' || b[vs] == '\t')) {
            vs++;
        }
        while (ve > vs && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
            ve--;
        }
        for (int i = vs; i < ve; i++) {
            // RFC 9112 section 5.5: CR, LF and NUL (and other controls) in a value could desync a front proxy.
            if (b[i] >= 0 && b[i] < ' ' && b[i] != '\t' || b[i] == 127) {
                throw new HttpError(400, "Invalid character in header field value");
            }
        }
        int nameLen = colon - from;
        if (nameLen == H_CONTENT_LENGTH.length && nameEquals(b, from, H_CONTENT_LENGTH)) {
            long n = 0;
            if (vs == ve) {
                throw new HttpError(400, "Invalid Content-Length");
            }
            for (int i = vs; i < ve; i++) {
                if (b[i] < '0' || b[i] > '9' || n > (Long.MAX_VALUE - 9) / 10) {
                    throw new HttpError(400, "Invalid Content-Length");
                }
                n = n * 10 + (b[i] - '0');
            }
            if (contentLength >= 0 && contentLength != n) {
                throw new HttpError(400, "Conflicting Content-Length headers");
            }
            contentLength = n;
        } else if (nameLen == H_TRANSFER_ENCODING.length && nameEquals(b, from, H_TRANSFER_ENCODING)) {
            chunked = true;
        } else if (nameLen == H_CONNECTION.length && nameEquals(b, from, H_CONNECTION)) {
            connectionTokens(b, vs, ve);
        } else if (nameLen == H_AUTHORIZATION.length && nameEquals(b, from, H_AUTHORIZATION)) {
            authorization = new String(b, vs, ve - vs, StandardCharsets.ISO_8859_1);
            authorizations++;
        } else if (nameLen == H_HOST.length && nameEquals(b, from, H_HOST)) {
            hosts++;
        } else if (nameLen == H_EXPECT.length && nameEquals(b, from, H_EXPECT)) {
            expectContinue = ve - vs == 12 && regionEqualsIgnoreCase(b, vs, "100-continue");
        }
    }

    private void connectionTokens(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            while (i < to && (b[i] == ' ' || b[i] == ',' || b[i] == '\t')) {
                i++;
            }
            int s = i;
            while (i < to && b[i] != ',' && b[i] != ' ' && b[i] != '\t') {
                i++;
            }
            if (i - s == 5 && regionEqualsIgnoreCase(b, s, "close")) {
                connectionClose = true;
            } else if (i - s == 10 && regionEqualsIgnoreCase(b, s, "keep-alive")) {
                connectionKeepAlive = true;
            }
        }
    }

    private static boolean nameEquals(byte[] b, int from, byte[] lowerName) {
        for (int i = 0; i < lowerName.length; i++) {
            int c = b[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean regionEqualsIgnoreCase(byte[] b, int from, String lower) {
        for (int i = 0; i < lower.length(); i++) {
            int c = b[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalsAt(byte[] b, int from, int to, byte[] want) {
        if (to - from != want.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            if (b[from + i] != want[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTokenChar(byte c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return c > 32 && c < 127 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    static int indexOf(byte[] b, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the CR of the first CRLF in {@code [from, to)}; {@code to} when none (cannot happen in a head). */
    static int indexOfCrlf(byte[] b, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return to;
    }
}
