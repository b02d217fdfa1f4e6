package dev.jconda.server.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import ai.djl.pytorch.engine.PtNDManager;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A model file loaded through DJL's {@code Criteria<NDList, NDList>} with a {@code NoopTranslator}, run by the engine
 * its file type names ({@link ModelFormat}): PyTorch for TorchScript, ONNX Runtime for {@code .onnx}. Each concurrent call borrows a {@link Runner} from a pool (at most as many exist as requests
 * ever ran at once). A TorchScript model on the CPU runs through {@link TorchScriptPath}, which makes no garbage
 * of its own; other models through DJL's public API.
 */
public final class DjlModel implements InferenceModel, AutoCloseable {
    private final ZooModel<NDList, NDList> model;
    private final ModelFormat format;
    /** Idle runners, most recently used first; guarded by itself (an array deque makes no node per return). */
    private final Deque<Runner> runners = new ArrayDeque<>();
    /** The module's handle when {@link TorchScriptPath} applies, else 0. */
    private final long torchModule;

    /**
     * What one concurrent call needs: a long-lived NDManager for its tensors (closed one by one after each call)
     * and a parameter store. DJL's Predictor would make two NDManagers (UUIDs, hash maps) per call; this is the
     * same {@code block.forward} without them, which halves the garbage per request.
     */
    private static final class Runner {
        final NDManager manager;
        final ParameterStore parameters;
        final TorchScriptPath torch;

        Runner(ZooModel<NDList, NDList> model, long torchModule) {
            manager = model.getNDManager().newSubManager();
            parameters = new ParameterStore(manager, false);
            torch = torchModule == 0 ? null : new TorchScriptPath(torchModule, (PtNDManager) manager);
        }

        void close() {
            if (torch != null) {
                torch.close();
            }
            manager.close();
        }
    }

    private DjlModel(ZooModel<NDList, NDList> model, ModelFormat format) {
        this.model = model;
        this.format = format;
        // Only a TorchScript model may touch PyTorch's classes: an ONNX-only environment has none of them.
        this.torchModule = format == ModelFormat.TORCHSCRIPT ? TorchScriptPath.moduleOf(model) : 0;
    }

    public ModelFormat format() {
        return format;
    }

    /**
     * Sets DJL's process-wide switches before the engine starts: offline (never download libtorch or a JNI), one
     * intra-op and one inter-op thread (workers are the parallelism; more threads only fight over the cores), unless
     * the user set them with -D. Must run before the first DJL class touches the engine.
     */
    public static void configureEngineDefaults() {
        System.setProperty("ai.djl.offline", "true");
        setIfAbsent("ai.djl.pytorch.num_threads", "1");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    public static DjlModel load(Path path) throws ModelLoadException {
        if (!Files.exists(path)) {
            throw new ModelLoadException("model not found: " + path, null);
        }
        ModelFormat format = ModelFormat.of(path);
        Criteria.Builder<NDList, NDList> builder = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(path)
                .optEngine(format.engine())
                .optTranslator(new NoopTranslator());
        if (format == ModelFormat.ONNX) {
            // As for libtorch: one thread per worker process, the workers are the parallelism.
            builder.optOption("interOpNumThreads", "1").optOption("intraOpNumThreads", "1");
        }
        try {
            return new DjlModel(builder.build().loadModel(), format);
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            throw new ModelLoadException("cannot load " + path + ": " + firstLine(e), e);
        }
    }

    /** Where the model runs and on what, for the one log line that says so: "cpu, PyTorch 2.5.1". */
    public String describeDevice() {
        String device = model.getNDManager().getDevice().getDeviceType();
        int id = model.getNDManager().getDevice().getDeviceId();
        ai.djl.engine.Engine engine = model.getNDManager().getEngine();
        return (id >= 0 && !"cpu".equals(device) ? device + ":" + id : device) + ", " + engine.getEngineName() + " "
                + engine.getVersion();
    }

    @Override
    public List<Tensor> predict(long[] shape, float[] values) throws InferenceException {
        Runner runner;
        synchronized (runners) {
            runner = runners.pollFirst();
        }
        if (runner == null) {
            runner = new Runner(model, torchModule);
        }
        if (runner.torch != null) {
            try {
                return runner.torch.predict(shape, values);
            } catch (RuntimeException e) {
                throw new InferenceException(firstLine(e), e);
            } finally {
                giveBack(runner);
            }
        }
        NDArray input = null;
        NDList outputs = null;
        try {
            input = runner.manager.create(values, new Shape(shape));
            outputs = model.getBlock().forward(runner.parameters, new NDList(input), false);
            return toTensors(outputs);
        } catch (RuntimeException e) {
            throw new InferenceException(firstLine(e), e);
        } finally {
            if (outputs != null) {
                outputs.close();
            }
            if (input != null) {
                input.close();
            }
            giveBack(runner);
        }
    }

    private void giveBack(Runner runner) {
        synchronized (runners) {
            runners.offerFirst(runner);
        }
    }

    static List<Tensor> toTensors(NDList outputs) {
        try (outputs) {
            List<Tensor> result = new ArrayList<>(outputs.size());
            for (NDArray out : outputs) {
                result.add(toTensor(out));
            }
            return result;
        }
    }

    static Tensor toTensor(NDArray array) {
        long[] shape = array.getShape().getShape();
        DataType type = array.getDataType();
        if (type == DataType.FLOAT32) {
            return new Tensor.Float32(shape, array.toFloatArray());
        }
        if (type == DataType.FLOAT64) {
            return new Tensor.Float64(shape, array.toDoubleArray());
        }
        try (NDArray converted = array.toType(DataType.FLOAT64, false)) {
            return new Tensor.Float64(shape, converted.toDoubleArray());
        }
    }

    /** libtorch errors carry a C++ backtrace; the client gets the deepest cause's first meaningful line. */
    static String firstLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        for (String line : message.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("The following operation failed") && !l.startsWith("Traceback")
                    && !l.startsWith("File ") && !l.startsWith("~") && !l.startsWith("^")) {
                return l;
            }
        }
        return message.strip();
    }

    @Override
    public void close() {
        synchronized (runners) {
            Runner r;
            while ((r = runners.poll()) != null) {
                r.close();
            }
        }
        model.close();
    }
}
