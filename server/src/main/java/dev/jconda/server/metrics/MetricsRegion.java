package dev.jconda.server.metrics;

import dev.jconda.server.config.Flags;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One shared-memory file (a memfd the master creates and every worker maps as fd 5) holding the whole cluster's
 * counters: a header the master writes (restarts, seqlock) and one slot per worker that only that worker writes.
 * Any worker can therefore answer {@code /metrics} for all of them, and a recycled worker's counts survive: the
 * master folds a dead worker's slot into slot 0 under the seqlock. The worker's heartbeat lives here too, like
 * Gunicorn's per-worker temp file.
 */
public final class MetricsRegion {
    public static final int SLOTS = 256;
    private static final int HEADER_LONGS = 64;
    private static final int SLOT_LONGS = 128;
    public static final long SIZE = (HEADER_LONGS + (long) SLOTS * SLOT_LONGS) * Long.BYTES;
    private static final long MAGIC = 0x6a636f6e64610001L;

    // header
    private static final int H_MAGIC = 0;
    private static final int H_SEQ = 1;
    private static final int H_RESTARTS = 2;
    private static final int H_TARGET = 8;

    // slot fields
    static final int PID = 0;
    static final int STATE = 1;
    static final int HEARTBEAT_MS = 2;
    static final int INFLIGHT = 3;
    static final int OLDEST_MS = 4;
    static final int LOAD_MS = 5;
    static final int BYTES = 6;
    static final int DURATION_NS = 7;
    static final int COUNT = 8;
    static final int CONNECTIONS = 9;
    static final int BUCKETS = 10;
    static final int CODES = BUCKETS + Histogram.BUCKETS;
    static final int QUEUE_REJECTED = CODES + StatusCodes.TRACKED;
    static final int BATCHES = QUEUE_REJECTED + 1;
    static final int BATCHED_REQUESTS = BATCHES + 1;
    static final int BATCH_BUCKETS = BATCHED_REQUESTS + 1;
    /** Models with their own counters; a worker serves at most this many. */
    public static final int MAX_MODELS = Flags.MAX_MODELS;
    static final int MODEL_REQUESTS = BATCH_BUCKETS + BatchSizes.BUCKETS;
    static final int MODEL_NANOS = MODEL_REQUESTS + MAX_MODELS;
    /** Counters up to here are folded into the retired totals when a worker goes; gauges after it are not. */
    static final int END = MODEL_NANOS + MAX_MODELS;
    static final int QUEUED = END;

    public static final int STATE_FREE = 0;
    public static final int STATE_BOOTING = 1;
    public static final int STATE_READY = 2;
    public static final int STATE_STOPPING = 3;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment memory;

    private MetricsRegion(MemorySegment memory) {
        this.memory = memory;
    }

    /** Maps the region behind {@code fd} (of this process) read-write, shared with every other mapper. */
    public static MetricsRegion map(int fd, boolean initialize) throws IOException {
        try (FileChannel ch = FileChannel.open(Path.of("/proc/self/fd/" + fd),
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE, Arena.global());
            MetricsRegion region = new MetricsRegion(seg);
            if (initialize) {
                seg.fill((byte) 0);
                region.set(H_MAGIC, MAGIC);
            } else if (region.get(H_MAGIC) != MAGIC) {
                throw new IOException("fd " + fd + " is not a jconda metrics region");
            }
            return region;
        }
    }

    private static long offset(int longIndex) {
        return (long) longIndex * Long.BYTES;
    }

    private long get(int index) {
        return (long) LONG.getVolatile(memory, offset(index));
    }

    private void set(int index, long value) {
        LONG.setVolatile(memory, offset(index), value);
    }

    private void add(int index, long delta) {
        long unused = (long) LONG.getAndAdd(memory, offset(index), delta);
    }

    private static int slotBase(int slot) {
        return HEADER_LONGS + slot * SLOT_LONGS;
    }

    /** The view a worker (or the master, for heartbeats and folding) uses for one slot; slots 1.. are workers. */
    public Slot slot(int slot) {
        if (slot < 1 || slot >= SLOTS) {
            throw new IllegalArgumentException("slot " + slot);
        }
        return new Slot(slotBase(slot));
    }

    // ---- master side -------------------------------------------------------------------------------------------

    public void restarted(RestartReason reason) {
        add(H_RESTARTS + reason.ordinal(), 1);
    }

    public void targetWorkers(int n) {
        set(H_TARGET, n);
    }

    /** Claims a free slot for a worker about to be spawned, or -1 if all are taken. */
    public int claim(long nowMillis) {
        for (int s = 1; s < SLOTS; s++) {
            int base = slotBase(s);
            if (get(base + PID) == 0) {
                for (int i = 0; i < SLOT_LONGS; i++) {
                    set(base + i, 0);
                }
                set(base + HEARTBEAT_MS, nowMillis);
                set(base + STATE, STATE_BOOTING);
                set(base + PID, -1);
                return s;
            }
        }
        return -1;
    }

    /**
     * Moves a dead worker's counters into the retired totals and frees its slot. Readers retry while the seqlock is
     * odd or has moved, so no scrape sees the counts twice or not at all.
     */
    public void release(int slot) {
        int base = slotBase(slot);
        int retired = slotBase(0);
        set(H_SEQ, get(H_SEQ) + 1);
        VarHandle.fullFence();
        for (int i = BYTES; i < END; i++) {
            if (i != CONNECTIONS) {
                add(retired + i, get(base + i));
            }
        }
        for (int i = 0; i < SLOT_LONGS; i++) {
            set(base + i, 0);
        }
        VarHandle.fullFence();
        set(H_SEQ, get(H_SEQ) + 1);
    }

    /**
     * The fewest open connections any other READY worker has, or {@code Long.MAX_VALUE} if there is no other:
     * lets a worker leave a burst of new connections to a less loaded sibling.
     */
    public long fewestConnectionsOfOthers(int ownSlot) {
        long fewest = Long.MAX_VALUE;
        for (int s = 1; s < SLOTS; s++) {
            int base = slotBase(s);
            if (s != ownSlot && get(base + PID) > 0 && get(base + STATE) == STATE_READY) {
                fewest = Math.min(fewest, get(base + CONNECTIONS));
            }
        }
        return fewest;
    }

    // ---- readers -----------------------------------------------------------------------------------------------

    /** A consistent sum over every slot, for {@code /metrics}. */
    public Snapshot snapshot() {
        for (int attempt = 0; ; attempt++) {
            long seq = get(H_SEQ);
            if ((seq & 1) != 0 && attempt < 1000) {
                Thread.onSpinWait();
                continue;
            }
            Snapshot s = read();
            VarHandle.fullFence();
            if (get(H_SEQ) == seq || attempt >= 1000) {
                return s;
            }
        }
    }

    private Snapshot read() {
        long[] codes = new long[StatusCodes.TRACKED];
        long[] buckets = new long[Histogram.BUCKETS];
        long[] restarts = new long[RestartReason.values().length];
        int[] states = new int[4];
        long bytes = 0;
        long durationNs = 0;
        long count = 0;
        long inflight = 0;
        long queueRejected = 0;
        long queued = 0;
        long[] batches = new long[2 + BatchSizes.BUCKETS];
        long[] modelRequests = new long[MAX_MODELS];
        long[] modelNanos = new long[MAX_MODELS];
        StringBuilder loadTimes = new StringBuilder();
        for (int r = 0; r < restarts.length; r++) {
            restarts[r] = get(H_RESTARTS + r);
        }
        for (int s = 0; s < SLOTS; s++) {
            int base = slotBase(s);
            long pid = get(base + PID);
            if (s > 0 && pid == 0) {
                continue;
            }
            for (int i = 0; i < codes.length; i++) {
                codes[i] += get(base + CODES + i);
            }
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] += get(base + BUCKETS + i);
            }
            bytes += get(base + BYTES);
            durationNs += get(base + DURATION_NS);
            count += get(base + COUNT);
            queueRejected += get(base + QUEUE_REJECTED);
            for (int i = 0; i < batches.length; i++) {
                batches[i] += get(base + BATCHES + i);
            }
            for (int i = 0; i < MAX_MODELS; i++) {
                modelRequests[i] += get(base + MODEL_REQUESTS + i);
                modelNanos[i] += get(base + MODEL_NANOS + i);
            }
            if (s > 0) {
                inflight += get(base + INFLIGHT);
                queued += get(base + QUEUED);
                int state = (int) get(base + STATE);
                if (state > 0 && state < states.length) {
                    states[state]++;
                }
                long load = get(base + LOAD_MS);
                if (load > 0) {
                    loadTimes.append(pid).append(' ').append(load).append('\n');
                }
            }
        }
        return new Snapshot(codes, buckets, bytes, durationNs, count, inflight, restarts,
                states[STATE_BOOTING], states[STATE_READY], states[STATE_STOPPING], (int) get(H_TARGET),
                loadTimes.toString(), queueRejected, queued, batches[0], batches[1],
                Arrays.copyOfRange(batches, 2, batches.length), modelRequests, modelNanos);
    }

    /** Cluster totals. {@code modelLoadMillis} is "pid millis" lines for live workers. */
    public record Snapshot(long[] codes, long[] buckets, long bytes, long durationNanos, long count, long inflight,
            long[] restarts, int booting, int ready, int stopping, int target, String modelLoadMillis,
            long queueRejected, long queued, long batches, long batchedRequests, long[] batchSizeBuckets,
            long[] modelRequests, long[] modelNanos) {}

    /** One worker's counters and heartbeat. Request counters use atomic adds: a worker's threads share its slot. */
    public final class Slot {
        private final int base;

        private Slot(int base) {
            this.base = base;
        }

        public long pid() {
            return get(base + PID);
        }

        public void pid(long pid) {
            set(base + PID, pid);
        }

        public void state(int state) {
            set(base + STATE, state);
        }

        public int state() {
            return (int) get(base + STATE);
        }

        public void heartbeat(long nowMillis, long oldestInflightStartMillis) {
            set(base + OLDEST_MS, oldestInflightStartMillis);
            set(base + HEARTBEAT_MS, nowMillis);
        }

        public long heartbeatMillis() {
            return get(base + HEARTBEAT_MS);
        }

        public long oldestInflightStartMillis() {
            return get(base + OLDEST_MS);
        }

        public void modelLoadMillis(long millis) {
            set(base + LOAD_MS, Math.max(1, millis));
        }

        public long connections() {
            return get(base + CONNECTIONS);
        }

        public void connectionOpened() {
            add(base + CONNECTIONS, 1);
        }

        public void connectionClosed() {
            add(base + CONNECTIONS, -1);
        }

        /** A request refused because the worker's queue was full (--max-queue). */
        public void queueRejected() {
            add(base + QUEUE_REJECTED, 1);
        }

        /** One forward pass that served {@code size} requests (dynamic batching). */
        public void batch(int size) {
            add(base + BATCHES, 1);
            add(base + BATCHED_REQUESTS, size);
            add(base + BATCH_BUCKETS + BatchSizes.bucket(size), 1);
        }

        /** One request answered by model {@code index} (its place in --model order), with its model time. */
        public void modelRequest(int index, long nanos) {
            if (index < MAX_MODELS) {
                add(base + MODEL_REQUESTS + index, 1);
                add(base + MODEL_NANOS + index, nanos);
            }
        }

        /** Requests admitted to model work, running or waiting: +1 on entry, -1 on leaving. */
        public void queued(int delta) {
            add(base + QUEUED, delta);
        }

        public void requestStarted() {
            add(base + INFLIGHT, 1);
        }

        public void requestFinished(int status, long durationNanos, long responseBytes) {
            add(base + INFLIGHT, -1);
            add(base + CODES + StatusCodes.index(status), 1);
            add(base + BUCKETS + Histogram.bucket(durationNanos), 1);
            add(base + DURATION_NS, durationNanos);
            add(base + BYTES, responseBytes);
            add(base + COUNT, 1);
        }
    }
}
