package dev.jconda.server.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The request bytes all connections of a process may hold at once beyond their initial buffers. Buffers grow only as
 * bytes arrive, so a declared Content-Length costs nothing; this bounds what many slow or large bodies can take.
 */
final class BufferBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    BufferBudget(long limit) {
        this.limit = limit;
    }

    /** Takes {@code bytes} from the budget; false (and nothing taken) when that would pass the limit. */
    boolean reserve(long bytes) {
        while (true) {
            long u = used.get();
            if (u + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(u, u + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }
}
