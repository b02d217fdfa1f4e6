package dev.jconda.server.config;

import java.util.ArrayList;
import java.util.List;

/** A tensor shape given on the command line: {@code 1,4} or {@code -1,4} (-1: any size, typically the batch). */
public record Dims(List<Long> sizes) {

    public Dims {
        sizes = List.copyOf(sizes);
    }

    public static Dims parse(String flag, String value) throws UsageError {
        String v = value.strip();
        if (v.startsWith("[") && v.endsWith("]")) {
            v = v.substring(1, v.length() - 1);
        }
        List<Long> sizes = new ArrayList<>();
        if (!v.isBlank()) {
            for (String part : v.split("[,x ]+")) {
                long size;
                try {
                    size = Long.parseLong(part.strip());
                } catch (NumberFormatException e) {
                    throw new UsageError(flag + ": expected sizes like 1,4, got '" + value + "'");
                }
                if (size < -1) {
                    throw new UsageError(flag + ": sizes must be >= 0 (or -1 for any), got '" + value + "'");
                }
                sizes.add(size);
            }
        }
        return new Dims(sizes);
    }

    /** The same shape with its first dimension free: what a request must match when warm-up gave the example. */
    public Dims anyBatch() {
        if (sizes.isEmpty()) {
            return this;
        }
        List<Long> copy = new ArrayList<>(sizes);
        copy.set(0, -1L);
        return new Dims(copy);
    }

    /** A concrete shape (every -1 becomes 1), for a zero warm-up tensor. */
    public long[] concrete() {
        long[] dims = new long[sizes.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = sizes.get(i) < 0 ? 1 : sizes.get(i);
        }
        return dims;
    }

    public boolean matches(long[] shape) {
        if (shape.length != sizes.size()) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            long want = sizes.get(i);
            if (want >= 0 && want != shape[i]) {
                return false;
            }
        }
        return true;
    }

    public String flagValue() {
        StringBuilder sb = new StringBuilder();
        for (Long size : sizes) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(size);
        }
        return sb.toString();
    }

    /** For messages: {@code [*, 4]}. */
    public String describe() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < sizes.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(sizes.get(i) < 0 ? "*" : sizes.get(i).toString());
        }
        return sb.append(']').toString();
    }
}
