package dev.jconda.server.worker;

import dev.jconda.server.metrics.MetricsRegion;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Backpressure: at most {@code capacity} requests of a worker are admitted to model work at once (running plus
 * waiting for a model thread). A request beyond it is refused at once, so latency cannot grow without bound behind
 * a queue the client cannot see; Triton and DJL Serving bound their queues the same way.
 */
final class ModelQueue {
    private final int capacity;
    private final MetricsRegion.Slot slot;
    private final AtomicInteger admitted = new AtomicInteger();

    /** {@code capacity} 0: no limit. */
    ModelQueue(int capacity, MetricsRegion.Slot slot) {
        this.capacity = capacity;
        this.slot = slot;
    }

    /** For {@code --max-queue}: the model threads of the worker class plus the waiting places (0: no limit). */
    static int capacity(int maxQueue, int modelThreads) {
        return maxQueue == 0 ? 0 : modelThreads + maxQueue;
    }

    /** Admits a request, or counts a refusal and returns false when the queue is full. */
    boolean tryEnter() {
        while (true) {
            int n = admitted.get();
            if (capacity > 0 && n >= capacity) {
                slot.queueRejected();
                return false;
            }
            if (admitted.compareAndSet(n, n + 1)) {
                slot.queued(1);
                return true;
            }
        }
    }

    void leave() {
        admitted.decrementAndGet();
        slot.queued(-1);
    }
}
