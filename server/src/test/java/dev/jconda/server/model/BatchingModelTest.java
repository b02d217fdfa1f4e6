package dev.jconda.server.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BatchingModelTest {
    /** Doubles every value, row by row; remembers the batch sizes it saw. */
    private static final class Doubler implements InferenceModel {
        final List<Long> rowsPerCall = Collections.synchronizedList(new ArrayList<>());
        final boolean keepsBatchDimension;

        Doubler(boolean keepsBatchDimension) {
            this.keepsBatchDimension = keepsBatchDimension;
        }

        @Override
        public List<Tensor> predict(long[] shape, float[] values) {
            rowsPerCall.add(shape[0]);
            float[] out = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = values[i] * 2;
            }
            long[] outShape = keepsBatchDimension ? shape : new long[] {values.length};
            return List.of(new Tensor.Float32(outShape, out));
        }
    }

    private static List<List<Tensor>> burst(InferenceModel model, int requests) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Tensor>>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests; i++) {
                float v = i;
                long rows = 1 + i % 2;
                answers.add(pool.submit(() -> {
                    go.await();
                    return model.predict(new long[] {rows, 2}, rows == 1 ? new float[] {v, -v} : new float[] {v, -v, v, v});
                }));
            }
            go.countDown();
            List<List<Tensor>> out = new ArrayList<>();
            for (Future<List<Tensor>> f : answers) {
                out.add(f.get());
            }
            return out;
        }
    }

    @Test
    void concurrentRequestsShareForwardPassesAndGetTheirOwnRowsBack() throws Exception {
        Doubler engine = new Doubler(true);
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        BatchingModel model = new BatchingModel(engine, 8, 50, 1, sizes::add);
        List<List<Tensor>> out = burst(model, 16);
        for (int i = 0; i < 16; i++) {
            Tensor.Float32 t = (Tensor.Float32) out.get(i).getFirst();
            float v = i;
            float[] want = i % 2 == 0 ? new float[] {2 * v, -2 * v} : new float[] {2 * v, -2 * v, 2 * v, 2 * v};
            assertArrayEquals(want, t.values(), "request " + i);
            assertEquals(1 + i % 2, t.shape()[0]);
        }
        assertTrue(sizes.stream().anyMatch(n -> n > 1), "batched: " + sizes);
        assertTrue(sizes.stream().allMatch(n -> n <= 8), "at most --max-batch-size: " + sizes);
        assertEquals(16, sizes.stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void aModelWhoseOutputLosesTheBatchDimensionRunsEachRequestAlone() throws Exception {
        Doubler engine = new Doubler(false);
        BatchingModel model = new BatchingModel(engine, 8, 50, 1, n -> { });
        List<List<Tensor>> out = burst(model, 6);
        for (int i = 0; i < 6; i++) {
            Tensor.Float32 t = (Tensor.Float32) out.get(i).getFirst();
            assertEquals(2.0f * i, t.values()[0], "request " + i);
            assertEquals(i % 2 == 0 ? 2 : 4, t.values().length);
        }
    }

    @Test
    void requestsOfAnotherShapeAreNotStackedTogether() throws Exception {
        Doubler engine = new Doubler(true);
        BatchingModel model = new BatchingModel(engine, 8, 20, 1, n -> { });
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Tensor>> a = pool.submit(() -> model.predict(new long[] {1, 2}, new float[] {1, 2}));
            Future<List<Tensor>> b = pool.submit(() -> model.predict(new long[] {1, 3}, new float[] {1, 2, 3}));
            assertArrayEquals(new float[] {2, 4}, ((Tensor.Float32) a.get().getFirst()).values());
            assertArrayEquals(new float[] {2, 4, 6}, ((Tensor.Float32) b.get().getFirst()).values());
        }
    }
}
