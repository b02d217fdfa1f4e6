package dev.jconda.server.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Dynamic batching (Triton's dynamic batcher, DJL Serving's batchSize/maxBatchDelay): requests of the same shape
 * but for their first (batch) dimension, arriving within {@code maxDelayMillis} of the first one, are stacked along
 * that dimension into one forward pass, and every output is split back by rows. The callers park (they are the
 * connections' virtual threads); {@code threads} platform threads run the batches.
 *
 * <p>A batch of one is the plain call. A model whose outputs do not keep the batch dimension cannot be split; its
 * batched requests are then run one by one, so answers never depend on batching.
 */
public final class BatchingModel implements InferenceModel {
    private final InferenceModel model;
    private final int maxBatchSize;
    private final long maxDelayNanos;
    private final IntConsumer batchObserver;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

    private record Pending(long[] shape, float[] values, CompletableFuture<List<Tensor>> result) {
        boolean stacksWith(Pending other) {
            if (shape.length != other.shape.length) {
                return false;
            }
            for (int i = 1; i < shape.length; i++) {
                if (shape[i] != other.shape[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@code batchObserver} is told the size of every forward pass (for the batch-size histogram). */
    public BatchingModel(InferenceModel model, int maxBatchSize, int maxDelayMillis, int threads,
            IntConsumer batchObserver) {
        this.model = model;
        this.maxBatchSize = maxBatchSize;
        this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(maxDelayMillis);
        this.batchObserver = batchObserver;
        for (int i = 0; i < threads; i++) {
            Thread.ofPlatform().name("batcher-", i).daemon(true).start(this::loop);
        }
    }

    @Override
    public List<Tensor> predict(long[] shape, float[] values) throws InferenceException {
        if (shape.length == 0 || shape[0] == 0) {
            return model.predict(shape, values);
        }
        Pending p = new Pending(shape, values, new CompletableFuture<>());
        queue.add(p);
        try {
            return p.result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InferenceException ie) {
                throw ie;
            }
            throw new InferenceException(String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException("interrupted while waiting for the batch", e);
        }
    }

    private void loop() {
        ArrayDeque<Pending> carried = new ArrayDeque<>();
        while (true) {
            try {
                Pending first = carried.isEmpty() ? queue.take() : carried.poll();
                List<Pending> batch = new ArrayList<>(maxBatchSize);
                batch.add(first);
                long deadline = System.nanoTime() + maxDelayNanos;
                while (batch.size() < maxBatchSize) {
                    long left = deadline - System.nanoTime();
                    Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    if (first.stacksWith(next)) {
                        batch.add(next);
                    } else {
                        carried.add(next);
                    }
                }
                run(batch);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void run(List<Pending> batch) {
        batchObserver.accept(batch.size());
        if (batch.size() == 1) {
            runAlone(batch.getFirst());
            return;
        }
        long[] shape = batch.getFirst().shape.clone();
        int rows = 0;
        int total = 0;
        for (Pending p : batch) {
            rows += (int) p.shape[0];
            total += p.values.length;
        }
        shape[0] = rows;
        float[] stacked = new float[total];
        int at = 0;
        for (Pending p : batch) {
            System.arraycopy(p.values, 0, stacked, at, p.values.length);
            at += p.values.length;
        }
        List<Tensor> outputs;
        try {
            outputs = model.predict(shape, stacked);
        } catch (InferenceException | RuntimeException e) {
            // One bad request must not fail the others: run them alone and let each get its own answer.
            batch.forEach(this::runAlone);
            return;
        }
        int stackedRows = rows;
        if (!outputs.stream().allMatch(t -> t.shape().length > 0 && t.shape()[0] == stackedRows)) {
            batch.forEach(this::runAlone);
            return;
        }
        int firstRow = 0;
        for (Pending p : batch) {
            int n = (int) p.shape[0];
            List<Tensor> mine = new ArrayList<>(outputs.size());
            for (Tensor t : outputs) {
                mine.add(rowsOf(t, firstRow, n, rows));
            }
            p.result.complete(mine);
            firstRow += n;
        }
    }

    private void runAlone(Pending p) {
        try {
            p.result.complete(model.predict(p.shape, p.values));
        } catch (InferenceException | RuntimeException e) {
            p.result.completeExceptionally(e);
        }
    }

    /** Rows {@code [from, from + n)} of {@code t}, whose first dimension has {@code rows} rows. */
    static Tensor rowsOf(Tensor t, int from, int n, int rows) {
        long[] shape = t.shape().clone();
        shape[0] = n;
        return switch (t) {
            case Tensor.Float32 f -> {
                int per = f.values().length / rows;
                yield new Tensor.Float32(shape, Arrays.copyOfRange(f.values(), from * per, (from + n) * per));
            }
            case Tensor.Float64 d -> {
                int per = d.values().length / rows;
                yield new Tensor.Float64(shape, Arrays.copyOfRange(d.values(), from * per, (from + n) * per));
            }
        };
    }
}
