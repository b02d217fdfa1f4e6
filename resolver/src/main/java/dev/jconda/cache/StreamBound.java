package dev.jconda.cache;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many small requests the process's HTTP client may have in flight at once. It starts at the number asked for and
 * shrinks: an HTTP/2 server says in its SETTINGS how many streams it accepts on one connection
 * (SETTINGS_MAX_CONCURRENT_STREAMS; RFC 9113 recommends at least 100, and this machine's route to Maven Central
 * allows 128), and the JDK's client does not queue a request past that limit: it fails it, before sending anything,
 * with "too many concurrent streams". When that happens the bound comes down to what was in flight, less the refused
 * request, so the requests that follow wait here for a free stream instead of failing. It may be raised once
 * ({@link #widen}), before any refusal, when the connection turns out to be HTTP/2.
 */
final class StreamBound {
    /** A semaphore whose permits can be taken away for good. */
    private static final class Permits extends Semaphore {
        Permits(int permits) {
            super(permits);
        }

        void takeAway(int permits) {
            reducePermits(permits);
        }
    }

    private final Permits permits;
    private final AtomicInteger limit;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean widened = new AtomicBoolean();
    private volatile boolean refusedOnce;

    StreamBound(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("at least one request must be allowed in flight, not " + limit);
        }
        this.permits = new Permits(limit);
        this.limit = new AtomicInteger(limit);
    }

    /** Waits for a free place, then holds it until {@link #release}. */
    void acquire() throws InterruptedException {
        permits.acquire();
        inFlight.incrementAndGet();
    }

    void release() {
        inFlight.decrementAndGet();
        permits.release();
    }

    /**
     * A request holding a place was refused a stream: the server allows fewer than were in flight. The bound comes
     * down to the others in flight (at least one), never up; the refused request then asks again.
     */
    void refused() {
        refusedOnce = true;
        int allowed = Math.max(1, inFlight.get() - 1);
        for (int now = limit.get(); allowed < now; now = limit.get()) {
            if (limit.compareAndSet(now, allowed)) {
                permits.takeAway(now - allowed);
                return;
            }
        }
    }

    /**
     * Raises the bound to {@code wider}, once, while no stream was refused: the caller learned that one connection
     * carries every request (HTTP/2), so how many may be in flight is the server's to say (its SETTINGS), and a
     * refusal brings the bound down to that.
     */
    void widen(int wider) {
        if (widened.compareAndSet(false, true)) {
            for (int now = limit.get(); wider > now && !refusedOnce; now = limit.get()) {
                if (limit.compareAndSet(now, wider)) {
                    permits.release(wider - now);
                    return;
                }
            }
        }
    }

    /** How many may be in flight now. */
    int limit() {
        return limit.get();
    }
}
