package dev.jconda.server.metrics;

/** Fixed request-latency buckets (seconds), fine at the sub-millisecond end where a small model lives. */
public final class Histogram {
    static final String[] LABELS = {
        "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"
    };
    private static final long[] UPPER_NANOS = {
        500_000L, 1_000_000L, 2_500_000L, 5_000_000L, 10_000_000L, 25_000_000L, 50_000_000L, 100_000_000L,
        250_000_000L, 500_000_000L, 1_000_000_000L, 2_500_000_000L, 5_000_000_000L, 10_000_000_000L
    };
    static final int BUCKETS = LABELS.length;

    private Histogram() {}

    static int bucket(long nanos) {
        for (int i = 0; i < UPPER_NANOS.length; i++) {
            if (nanos <= UPPER_NANOS[i]) {
                return i;
            }
        }
        return UPPER_NANOS.length;
    }
}
