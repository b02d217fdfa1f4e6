package dev.jconda.server.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads {@code {"input": <number or nested arrays of numbers>}} straight from request bytes into a float array and a
 * shape, without building a JSON tree or boxing numbers. Other keys are validated and skipped. One instance per
 * connection (it reuses its buffers); not thread-safe.
 */
public final class TensorParser {
    /** A parsed input: {@code values.length} is the product of {@code shape}. */
    public record Input(long[] shape, float[] values) {}

    private static final int MAX_RANK = 32;
    private static final int MAX_NESTING = 512;
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };

    private byte[] b;
    private int pos;
    private int end;
    private float[] values = new float[64];
    private int count;
    private final long[] dims = new long[MAX_RANK];
    private final boolean[] dimSeen = new boolean[MAX_RANK];
    private int rank;

    /** Drops a values buffer grown by one large request, so a keep-alive connection does not keep it. */
    public void trim(int maxValues) {
        if (values.length > maxValues) {
            values = new float[64];
        }
    }

    public Input parse(byte[] bytes, int off, int len) throws BodyError {
        b = bytes;
        pos = off;
        end = off + len;
        try {
            skipWs();
            if (pos == end) {
                throw BodyError.missingInput();
            }
            Input input = null;
            if (b[pos] == '{') {
                input = parseObject();
            } else {
                skipValue(0);
            }
            skipWs();
            if (pos != end) {
                throw malformed("unexpected data after the JSON value");
            }
            if (input == null) {
                throw BodyError.missingInput();
            }
            return input;
        } finally {
            b = null;
        }
    }

    private Input parseObject() throws BodyError {
        pos++;
        Input input = null;
        skipWs();
        if (peek() == '}') {
            pos++;
            return null;
        }
        while (true) {
            skipWs();
            if (peek() != '"') {
                throw malformed("expected a string key");
            }
            boolean isInput = keyIsInput();
            skipWs();
            expect(':');
            skipWs();
            if (isInput) {
                input = parseTensor();
            } else {
                skipValue(1);
            }
            skipWs();
            byte c = next();
            if (c == '}') {
                return input;
            }
            if (c != ',') {
                pos--;
                throw malformed("expected ',' or '}'");
            }
        }
    }

    /** Consumes a string and says whether it is exactly {@code input} (escapes make it not match: fine). */
    private boolean keyIsInput() throws BodyError {
        int start = pos + 1;
        skipString();
        int len = pos - start - 1;
        return len == 5 && b[start] == 'i' && b[start + 1] == 'n' && b[start + 2] == 'p' && b[start + 3] == 'u'
                && b[start + 4] == 't';
    }

    private Input parseTensor() throws BodyError {
        count = 0;
        rank = -1;
        Arrays.fill(dimSeen, false);
        tensorValue(0);
        if (rank < 0) {
            rank = 0;
        }
        long[] shape = Arrays.copyOf(dims, rank);
        return new Input(shape, Arrays.copyOf(values, count));
    }

    private void tensorValue(int depth) throws BodyError {
        byte c = peek();
        if (c == '[') {
            if (depth >= MAX_RANK) {
                throw invalid("nested deeper than " + MAX_RANK + " levels");
            }
            if (rank >= 0 && depth >= rank) {
                throw invalid("ragged nested arrays (an array where a number was expected) at offset " + pos);
            }
            pos++;
            long n = 0;
            skipWs();
            if (peek() == ']') {
                pos++;
                if (rank < 0) {
                    rank = depth + 1;
                } else if (rank != depth + 1) {
                    throw invalid("ragged nested arrays (empty array at depth " + depth + ")");
                }
            } else {
                while (true) {
                    skipWs();
                    tensorValue(depth + 1);
                    n++;
                    skipWs();
                    byte d = next();
                    if (d == ']') {
                        break;
                    }
                    if (d != ',') {
                        pos--;
                        throw malformed("expected ',' or ']'");
                    }
                }
            }
            if (dimSeen[depth]) {
                if (dims[depth] != n) {
                    throw invalid("ragged nested arrays: dimension " + depth + " has " + n + " elements here but "
                            + dims[depth] + " before");
                }
            } else {
                dimSeen[depth] = true;
                dims[depth] = n;
            }
            return;
        }
        float v;
        if (c == '-' || (c >= '0' && c <= '9')) {
            int at = pos;
            v = (float) number();
            if (Float.isInfinite(v)) {
                // 1e39 overflows float32 and 1e999 double: the model would compute on infinity and answer null.
                throw invalid("number at offset " + at + " is outside the float32 range");
            }
        } else if (matchLiteral("true")) {
            v = 1f;
        } else if (matchLiteral("false")) {
            v = 0f;
        } else if (c == '"' || c == '{' || c == 'n') {
            throw invalid("expected only numbers in nested arrays, found " + describe(c) + " at offset " + pos);
        } else {
            throw malformed("unexpected " + describe(c));
        }
        if (rank < 0) {
            rank = depth;
        } else if (rank != depth) {
            throw invalid("ragged nested arrays (numbers and arrays mixed) at offset " + pos);
        }
        if (count == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[count++] = v;
    }

    private static String describe(byte c) {
        return switch (c) {
            case '"' -> "a string";
            case '{' -> "an object";
            case 'n' -> "null";
            default -> c >= 0x20 && c < 0x7f ? "character '" + (char) c + "'" : "byte " + (c & 0xff);
        };
    }

    /** Parses a JSON number: exact fast path for up to 15 digits and small exponents, the JDK otherwise. */
    private double number() throws BodyError {
        int start = pos;
        boolean negative = false;
        if (b[pos] == '-') {
            negative = true;
            pos++;
        }
        long mantissa = 0;
        int digits = 0;
        int exp10 = 0;
        int intStart = pos;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
            if (digits < 18) {
                mantissa = mantissa * 10 + (b[pos] - '0');
                if (mantissa != 0) {
                    digits++;
                }
            } else {
                exp10++;
                digits++;
            }
            pos++;
        }
        if (pos == intStart || (b[intStart] == '0' && pos - intStart > 1)) {
            throw malformed("bad number at offset " + start);
        }
        if (pos < end && b[pos] == '.') {
            pos++;
            int fracStart = pos;
            while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
                if (digits < 18) {
                    mantissa = mantissa * 10 + (b[pos] - '0');
                    if (mantissa != 0) {
                        digits++;
                    }
                    exp10--;
                } else {
                    digits++;
                }
                pos++;
            }
            if (pos == fracStart) {
                throw malformed("bad number at offset " + start);
            }
        }
        if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
            pos++;
            boolean expNegative = false;
            if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
                expNegative = b[pos] == '-';
                pos++;
            }
            int expStart = pos;
            int e = 0;
            while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
                if (e < 100000) {
                    e = e * 10 + (b[pos] - '0');
                }
                pos++;
            }
            if (pos == expStart) {
                throw malformed("bad number at offset " + start);
            }
            exp10 += expNegative ? -e : e;
        }
        if (digits <= 15 && exp10 >= -22 && exp10 <= 22) {
            double v = exp10 >= 0 ? mantissa * POW10[exp10] : mantissa / POW10[-exp10];
            return negative ? -v : v;
        }
        return Double.parseDouble(new String(b, start, pos - start, StandardCharsets.ISO_8859_1));
    }

    private boolean matchLiteral(String word) {
        int n = word.length();
        if (end - pos < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        pos += n;
        return true;
    }

    private void skipValue(int nesting) throws BodyError {
        if (nesting > MAX_NESTING) {
            throw malformed("nested too deeply");
        }
        byte c = peek();
        switch (c) {
            case '{' -> {
                pos++;
                skipWs();
                if (peek() == '}') {
                    pos++;
                    return;
                }
                while (true) {
                    skipWs();
                    if (peek() != '"') {
                        throw malformed("expected a string key");
                    }
                    skipString();
                    skipWs();
                    expect(':');
                    skipWs();
                    skipValue(nesting + 1);
                    skipWs();
                    byte d = next();
                    if (d == '}') {
                        return;
                    }
                    if (d != ',') {
                        pos--;
                        throw malformed("expected ',' or '}'");
                    }
                }
            }
            case '[' -> {
                pos++;
                skipWs();
                if (peek() == ']') {
                    pos++;
                    return;
                }
                while (true) {
                    skipWs();
                    skipValue(nesting + 1);
                    skipWs();
                    byte d = next();
                    if (d == ']') {
                        return;
                    }
                    if (d != ',') {
                        pos--;
                        throw malformed("expected ',' or ']'");
                    }
                }
            }
            case '"' -> skipString();
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                } else if (!matchLiteral("true") && !matchLiteral("false") && !matchLiteral("null")) {
                    throw malformed("unexpected " + describe(c));
                }
            }
        }
    }

    private void skipString() throws BodyError {
        int start = pos;
        pos++;
        while (pos < end) {
            byte c = b[pos++];
            if (c == '"') {
                return;
            }
            if (c == '\\') {
                if (pos >= end) {
                    break;
                }
                byte e = b[pos++];
                if (e == 'u') {
                    if (end - pos < 4) {
                        break;
                    }
                    for (int i = 0; i < 4; i++) {
                        if (Character.digit(b[pos + i], 16) < 0) {
                            throw malformed("bad \\u escape at offset " + (pos - 2));
                        }
                    }
                    pos += 4;
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    throw malformed("bad escape at offset " + (pos - 2));
                }
            } else if ((c & 0xff) < 0x20) {
                throw malformed("control character in string at offset " + (pos - 1));
            }
        }
        throw malformed("unterminated string starting at offset " + start);
    }

    private void skipWs() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private byte peek() throws BodyError {
        if (pos >= end) {
            throw malformed("unexpected end of input");
        }
        return b[pos];
    }

    private byte next() throws BodyError {
        byte c = peek();
        pos++;
        return c;
    }

    private void expect(char c) throws BodyError {
        if (peek() != c) {
            throw malformed("expected '" + c + "' but found " + describe(b[pos]));
        }
        pos++;
    }

    private BodyError malformed(String why) {
        return new BodyError("Malformed JSON: " + why + (why.contains("offset") ? "" : " at offset " + pos));
    }

    private static BodyError invalid(String why) {
        return new BodyError("Invalid input: " + why);
    }
}
