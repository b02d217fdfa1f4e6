package dev.jconda.server.metrics;

/** Buckets of the dynamic-batching size histogram: how many requests each forward pass served. */
final class BatchSizes {
    static final int[] UPPER = {1, 2, 4, 8, 16, 32, 64};
    static final int BUCKETS = UPPER.length + 1;

    private BatchSizes() {}

    static int bucket(int size) {
        for (int i = 0; i < UPPER.length; i++) {
            if (size <= UPPER[i]) {
                return i;
            }
        }
        return UPPER.length;
    }
}
