package dev.jconda.server.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code {"input": <number or nested arrays of numbers>}} straight from request bytes into a float array and a
 * shape, without building a JSON tree or boxing numbers. Other keys are validated and skipped. One instance per
 * connection (it reuses its buffers); not thread-safe.
 */
public final class TensorParser {
    /** A parsed input: {@code values.length} is the product of {@code shape}. */
    public record Input(long[] shape, float[] values) {}

    /** One tensor of an Open Inference Protocol (KServe v2) request, its values read as float32. */
    public record NamedInput(String name, String datatype, long[] shape, float[] values) {}

    /** An Open Inference Protocol infer request: its optional id and its input tensors. */
    public record InferRequest(String id, List<NamedInput> inputs) {}

    /** The v2 datatypes a float32 model can take; BYTES (strings) cannot. */
    private static final Set<String> NUMERIC_DATATYPES = Set.of("BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8",
            "INT16", "INT32", "INT64", "FP16", "FP32", "FP64");

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

    /**
     * Reads an Open Inference Protocol infer request: {@code {"id": ..., "inputs": [{"name", "shape", "datatype",
     * "data"}, ...], ...}}. {@code data} may be flat or nested (row-major); either way it must hold exactly the
     * number of elements {@code shape} names.
     */
    public InferRequest parseInfer(byte[] bytes, int off, int len) throws BodyError {
        b = bytes;
        pos = off;
        end = off + len;
        try {
            skipWs();
            if (pos == end || peek() != '{') {
                throw new BodyError("Invalid inference request: expected a JSON object with \"inputs\"");
            }
            String[] id = {null};
            List<NamedInput> inputs = new ArrayList<>();
            members(key -> {
                switch (key) {
                    case "id" -> id[0] = readString();
                    case "inputs" -> elements(() -> inputs.add(readInput(inputs.size())));
                    default -> skipValue(1);
                }
            });
            skipWs();
            if (pos != end) {
                throw malformed("unexpected data after the JSON value");
            }
            if (inputs.isEmpty()) {
                throw new BodyError("Invalid inference request: no \"inputs\"");
            }
            return new InferRequest(id[0], inputs);
        } finally {
            b = null;
        }
    }

    private interface MemberReader {
        void read(String key) throws BodyError;
    }

    private interface ElementReader {
        void read() throws BodyError;
    }

    /** Reads the object at {@code pos}, handing each key to {@code reader} positioned at its value. */
    private void members(MemberReader reader) throws BodyError {
        expect('{');
        skipWs();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            skipWs();
            String key = readString();
            skipWs();
            expect(':');
            skipWs();
            reader.read(key);
            skipWs();
            byte c = next();
            if (c == '}') {
                return;
            }
            if (c != ',') {
                pos--;
                throw malformed("expected ',' or '}'");
            }
        }
    }

    /** Reads the array at {@code pos}, calling {@code reader} positioned at each element. */
    private void elements(ElementReader reader) throws BodyError {
        expect('[');
        skipWs();
        if (peek() == ']') {
            pos++;
            return;
        }
        while (true) {
            skipWs();
            reader.read();
            skipWs();
            byte c = next();
            if (c == ']') {
                return;
            }
            if (c != ',') {
                pos--;
                throw malformed("expected ',' or ']'");
            }
        }
    }

    private NamedInput readInput(int index) throws BodyError {
        String[] text = new String[2];
        long[][] shape = {null};
        Input[] data = {null};
        members(key -> {
            switch (key) {
                case "name" -> text[0] = readString();
                case "datatype" -> text[1] = readString();
                case "shape" -> shape[0] = readShape();
                case "data" -> data[0] = parseTensor();
                default -> skipValue(1);
            }
        });
        String name = text[0];
        String datatype = text[1];
        String which = "input " + (name == null ? "#" + index : "'" + name + "'");
        if (name == null || datatype == null || shape[0] == null || data[0] == null) {
            throw new BodyError("Invalid inference request: " + which + " needs name, shape, datatype and data");
        }
        if (!NUMERIC_DATATYPES.contains(datatype)) {
            throw new BodyError("Invalid inference request: " + which + " has datatype " + datatype
                    + "; this model takes numeric tensors (" + String.join(", ", new TreeSet<>(NUMERIC_DATATYPES)) + ")");
        }
        long elements = 1;
        for (long d : shape[0]) {
            elements *= d;
        }
        if (elements != data[0].values().length) {
            throw new BodyError("Invalid inference request: " + which + " has shape " + Arrays.toString(shape[0])
                    + " (" + elements + " elements) but " + data[0].values().length + " values in data");
        }
        return new NamedInput(name, datatype, shape[0], data[0].values());
    }

    private long[] readShape() throws BodyError {
        List<Long> shape = new ArrayList<>();
        elements(() -> {
            int at = pos;
            double d = number();
            if (d < 0 || d != Math.rint(d) || d > Integer.MAX_VALUE || shape.size() == MAX_RANK) {
                throw new BodyError("Invalid inference request: bad shape entry at offset " + at);
            }
            shape.add((long) d);
        });
        return shape.stream().mapToLong(Long::longValue).toArray();
    }

    /** Reads a JSON string with its escapes. */
    private String readString() throws BodyError {
        if (peek() != '"') {
            throw malformed("expected a string");
        }
        int start = pos;
        skipString();
        StringBuilder out = new StringBuilder(pos - start);
        for (int i = start + 1; i < pos - 1; i++) {
            char c = (char) (b[i] & 0xff);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = (char) b[++i];
            switch (e) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(new String(b, i + 1, 4, StandardCharsets.ISO_8859_1), 16));
                    i += 4;
                }
                default -> out.append(e);
            }
        }
        // Keys and names are ASCII in practice; UTF-8 bytes are decoded properly all the same.
        return new String(out.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
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
            case '{' -> members(key -> skipValue(nesting + 1));
            case '[' -> elements(() -> skipValue(nesting + 1));
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
