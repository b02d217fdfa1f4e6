package dev.jconda.server.json;

import dev.jconda.server.buffer.ByteSink;

/** Writes the little JSON the server produces: strings, tensors as nested arrays, flat objects. */
public final class JsonWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private JsonWriter() {}

    public static void string(ByteSink out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append('\\').append('"');
                case '\\' -> out.append('\\').append('\\');
                case '\n' -> out.append('\\').append('n');
                case '\r' -> out.append('\\').append('r');
                case '\t' -> out.append('\\').append('t');
                default -> {
                    if (c < 0x20) {
                        out.ascii("\\u00").append(HEX[c >> 4]).append(HEX[c & 15]);
                    } else if (c < 0x80) {
                        out.append((byte) c);
                    } else {
                        out.utf8(String.valueOf(c));
                    }
                }
            }
        }
        out.append('"');
    }

    /** {@code {"error": message}}. */
    public static void error(ByteSink out, String message) {
        out.ascii("{\"error\":");
        string(out, message);
        out.append('}');
    }

    /** Writes floats as nested arrays of {@code shape}; non-finite values become null (JSON has no NaN). */
    public static void floats(ByteSink out, long[] shape, float[] values) {
        if (shape.length == 0) {
            number(out, values.length == 0 ? Float.NaN : values[0]);
            return;
        }
        writeFloats(out, shape, 0, values, 0);
    }

    private static int writeFloats(ByteSink out, long[] shape, int dim, float[] values, int index) {
        out.append('[');
        long n = shape[dim];
        for (long i = 0; i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            if (dim == shape.length - 1) {
                number(out, values[index++]);
            } else {
                index = writeFloats(out, shape, dim + 1, values, index);
            }
        }
        out.append(']');
        return index;
    }

    public static void doubles(ByteSink out, long[] shape, double[] values) {
        if (shape.length == 0) {
            number(out, values.length == 0 ? Double.NaN : values[0]);
            return;
        }
        writeDoubles(out, shape, 0, values, 0);
    }

    private static int writeDoubles(ByteSink out, long[] shape, int dim, double[] values, int index) {
        out.append('[');
        long n = shape[dim];
        for (long i = 0; i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            if (dim == shape.length - 1) {
                number(out, values[index++]);
            } else {
                index = writeDoubles(out, shape, dim + 1, values, index);
            }
        }
        out.append(']');
        return index;
    }

    public static void number(ByteSink out, float v) {
        if (!Float.isFinite(v)) {
            out.ascii("null");
        } else if (v == (long) v && Math.abs(v) < 1e15f) {
            out.decimal((long) v).ascii(".0");
        } else {
            out.shortest(v);
        }
    }

    public static void number(ByteSink out, double v) {
        if (!Double.isFinite(v)) {
            out.ascii("null");
        } else if (v == (long) v && Math.abs(v) < 1e15) {
            out.decimal((long) v).ascii(".0");
        } else {
            out.shortest(v);
        }
    }
}
