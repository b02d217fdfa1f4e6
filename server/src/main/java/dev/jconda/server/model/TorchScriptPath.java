package dev.jconda.server.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.TorchCalls;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * One caller's steady-state path through a TorchScript module on the CPU: the input tensor is made once per shape
 * over a direct buffer that libtorch reads in place ({@code from_blob}), each call copies the request's floats into
 * it and runs {@code forward} on handles, and the output is read straight from the tensor's memory. The only Java
 * objects a call makes are the answer itself and the output's size array (bench/README.md, "CPU per request").
 * Not thread-safe: {@link DjlModel} lends one to each concurrent call.
 */
final class TorchScriptPath implements AutoCloseable {
    private static final DataType[] TYPES = DataType.values();
    /** An input buffer grown past this by one large request is given back after it. */
    private static final int KEEP_AT_MOST = 64 * 1024;

    private final long module;
    private final PtNDManager manager;
    private final long[] inputHandles = new long[1];
    private long[] shape;
    private ByteBuffer input;
    private FloatBuffer inputFloats;
    private PtNDArray inputArray;
    private IValue inputValue;

    /**
     * The TorchScript module's handle if the direct path can run it: a PyTorch module on the CPU, and DJL's JNI
     * reachable the way {@link TorchCalls} expects (another DJL version may not link: then 0, the public API).
     */
    static long moduleOf(ai.djl.repository.zoo.ZooModel<?, ?> model) {
        try {
            if (!(model.getBlock() instanceof ai.djl.pytorch.engine.PtSymbolBlock block)
                    || !(model.getNDManager() instanceof PtNDManager m)
                    || !"cpu".equals(m.getDevice().getDeviceType())) {
                return 0;
            }
            try (ai.djl.ndarray.NDArray probe = m.zeros(new ai.djl.ndarray.types.Shape(1))) {
                TorchCalls.sizes(((ai.djl.pytorch.engine.PtNDArray) probe).getHandle());
                return block.getHandle();
            }
        } catch (LinkageError e) {
            return 0;
        }
    }

    TorchScriptPath(long module, PtNDManager manager) {
        this.module = module;
        this.manager = manager;
    }

    List<Tensor> predict(long[] shape, float[] values) {
        prepare(shape, values.length);
        inputFloats.put(0, values, 0, values.length);
        try {
            long output = TorchCalls.forward(module, inputHandles);
            if (!TorchCalls.isTensor(output)) {
                return DjlModel.toTensors(TorchCalls.toNDList(output, manager));
            }
            try {
                return List.of(read(TorchCalls.tensorOf(output)));
            } finally {
                TorchCalls.deleteIValue(output);
            }
        } finally {
            if (input.capacity() > KEEP_AT_MOST) {
                release();
            }
        }
    }

    /** The input tensor for this shape, reused while requests keep the same shape. */
    private void prepare(long[] newShape, int elements) {
        if (inputArray != null && Arrays.equals(shape, newShape)) {
            return;
        }
        release();
        shape = newShape.clone();
        input = ByteBuffer.allocateDirect(elements * Float.BYTES).order(ByteOrder.nativeOrder());
        inputFloats = input.asFloatBuffer();
        inputArray = JniUtils.createNdFromByteBuffer(manager, input, new Shape(shape), DataType.FLOAT32,
                SparseFormat.DENSE, Device.cpu());
        inputValue = IValue.from(inputArray);
        inputHandles[0] = inputValue.getHandle();
    }

    /** The tensor's values, and frees it; a tensor of another type or layout goes through DJL's conversion. */
    private Tensor read(long tensor) {
        DataType type = TYPES[TorchCalls.dataType(tensor)];
        if (!TorchCalls.isDenseContiguous(tensor) || type != DataType.FLOAT32 && type != DataType.FLOAT64) {
            try (NDArray array = new PtNDArray(manager, tensor)) {
                return DjlModel.toTensor(array);
            }
        }
        try {
            long[] shape = TorchCalls.sizes(tensor);
            ByteBuffer data = TorchCalls.data(tensor).order(ByteOrder.nativeOrder());
            if (type == DataType.FLOAT32) {
                float[] values = new float[data.capacity() / Float.BYTES];
                for (int i = 0; i < values.length; i++) {
                    values[i] = data.getFloat(i * Float.BYTES);
                }
                return new Tensor.Float32(shape, values);
            }
            double[] values = new double[data.capacity() / Double.BYTES];
            for (int i = 0; i < values.length; i++) {
                values[i] = data.getDouble(i * Double.BYTES);
            }
            return new Tensor.Float64(shape, values);
        } finally {
            TorchCalls.deleteTensor(tensor);
        }
    }

    private void release() {
        if (inputValue != null) {
            inputValue.close();
            inputArray.close();
        }
        inputValue = null;
        inputArray = null;
        input = null;
        inputFloats = null;
        shape = null;
    }

    @Override
    public void close() {
        release();
    }
}
