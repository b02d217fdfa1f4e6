import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import dev.jconda.server.model.DjlModel;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * The model's own cost, in process, on one thread: what a request could cost if the server added nothing.
 * (1) DJL's Predictor on the sample model, NDArray in and out (the "18 us" yardstick); (2) jconda-server's
 * DjlModel.predict, float[] in and out, the call a request makes. Prints µs of wall and CPU time and bytes allocated
 * per call.
 *
 * <p>Usage (from bench/cpu-per-request.sh): java -cp jconda-server.jar:$DJL_CLASSPATH bench/ModelCost.java MODEL SECONDS
 */
public class ModelCost {
    private static final float[] INPUT = {5.1f, 3.5f, 1.4f, 0.2f};
    private static final long[] SHAPE = {1, 4};

    interface Call {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        DjlModel.configureEngineDefaults();
        try (ZooModel<NDList, NDList> zoo = Criteria.builder().setTypes(NDList.class, NDList.class)
                        .optModelPath(model).optEngine("PyTorch").optTranslator(new NoopTranslator()).build().loadModel();
                Predictor<NDList, NDList> predictor = zoo.newPredictor();
                NDManager manager = zoo.getNDManager().newSubManager()) {
            measure("djl-predictor", seconds, () -> {
                try (NDArray x = manager.create(INPUT, new Shape(SHAPE)); NDList out = predictor.predict(new NDList(x))) {
                    if (out.singletonOrThrow().toFloatArray().length != 3) {
                        throw new IllegalStateException("unexpected output");
                    }
                }
            });
        }
        try (DjlModel served = DjlModel.load(model)) {
            measure("jconda-djlmodel", seconds, () -> served.predict(SHAPE, INPUT));
        }
    }

    /** Warms for a second, then runs for {@code seconds}; prints NAME wall_us cpu_us bytes per call. */
    private static void measure(String name, double seconds, Call call) throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            call.run();
        }
        long n = 0;
        long bytes0 = threads.getCurrentThreadAllocatedBytes();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            for (int i = 0; i < 100; i++) {
                call.run();
            }
            n += 100;
        }
        long wall = System.nanoTime() - t0;
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        long bytes = threads.getCurrentThreadAllocatedBytes() - bytes0;
        System.out.printf("%s wall_us=%.2f cpu_us=%.2f bytes=%d calls=%d%n", name, wall / 1e3 / n, cpu / 1e3 / n,
                bytes / n, n);
    }
}
