package dev.jconda.server.worker;

import dev.jconda.server.http.ConnectionGate;
import dev.jconda.server.metrics.MetricsRegion;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps connection counts of the workers within one of each other: a worker with two more connections than its
 * least loaded READY sibling waits (briefly, bounded) before accepting again, so that sibling, blocked in its own
 * accept(2) on the same queue, gets the next one. Counts live in the shared metrics region.
 */
final class SiblingBalance implements ConnectionGate {
    private static final long PAUSE_NANOS = 200_000;
    private static final int MAX_PAUSES = 25;

    private final MetricsRegion region;
    private final MetricsRegion.Slot slot;
    private final int slotIndex;

    SiblingBalance(MetricsRegion region, int slotIndex) {
        this.region = region;
        this.slot = region.slot(slotIndex);
        this.slotIndex = slotIndex;
    }

    @Override
    public void awaitTurn() {
        for (int i = 0; i < MAX_PAUSES; i++) {
            long fewest = region.fewestConnectionsOfOthers(slotIndex);
            if (fewest == Long.MAX_VALUE || slot.connections() < fewest + 2) {
                return;
            }
            LockSupport.parkNanos(PAUSE_NANOS);
        }
    }

    @Override
    public void opened() {
        slot.connectionOpened();
    }

    @Override
    public void closed() {
        slot.connectionClosed();
    }
}
