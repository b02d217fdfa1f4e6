package dev.jconda.server.buffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer reused across requests, so building a response allocates (almost) nothing. */
public final class ByteSink {
    private final int initialCapacity;
    private byte[] bytes;
    private int size;
    private final StringBuilder scratch = new StringBuilder(32);

    public ByteSink(int initialCapacity) {
        this.initialCapacity = Math.max(16, initialCapacity);
        bytes = new byte[this.initialCapacity];
    }

    /** Empties the sink and gives back an array grown past {@code maxKept} bytes by one large response. */
    public void trim(int maxKept) {
        size = 0;
        if (bytes.length > maxKept) {
            bytes = new byte[initialCapacity];
        }
    }

    public void reset() {
        size = 0;
    }

    public int size() {
        return size;
    }

    public byte[] array() {
        return bytes;
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }

    public ByteSink append(byte b) {
        ensure(1);
        bytes[size++] = b;
        return this;
    }

    public ByteSink append(char c) {
        return append((byte) c);
    }

    public ByteSink append(byte[] src) {
        return append(src, 0, src.length);
    }

    public ByteSink append(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, bytes, size, len);
        size += len;
        return this;
    }

    /** Appends a string known to be ASCII (header names, numbers): one byte per char. */
    public ByteSink ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
        return this;
    }

    public ByteSink utf8(String s) {
        return append(s.getBytes(StandardCharsets.UTF_8));
    }

    public ByteSink decimal(long v) {
        if (v == 0) {
            return append((byte) '0');
        }
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                return ascii(Long.toString(v));
            }
            append((byte) '-');
            v = -v;
        }
        int digits = 0;
        for (long t = v; t > 0; t /= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = size + digits - 1; i >= size; i--) {
            bytes[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        size += digits;
        return this;
    }

    /** Appends the shortest decimal that reads back as {@code v} (Java's {@code Float.toString} digits). */
    public ByteSink shortest(float v) {
        scratch.setLength(0);
        scratch.append(v);
        return asciiChars(scratch);
    }

    public ByteSink shortest(double v) {
        scratch.setLength(0);
        scratch.append(v);
        return asciiChars(scratch);
    }

    private ByteSink asciiChars(CharSequence s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
        return this;
    }

    @Override
    public String toString() {
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }
}
