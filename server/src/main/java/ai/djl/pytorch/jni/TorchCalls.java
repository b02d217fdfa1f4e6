package ai.djl.pytorch.jni;

import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDManager;
import java.nio.ByteBuffer;

/**
 * jconda-server's narrow door to DJL's JNI binding of libtorch, for the steady-state request path only.
 *
 * <p>Why it exists: DJL's public tensor API allocates about 3 KB per forward pass of a small model (a string id and
 * a manager-map entry per native object, shape objects built with streams, a buffer per copy; see bench/README.md,
 * "CPU per request"), which was most of the server's garbage. The JNI entry points that do the same work without
 * those objects are package-private in {@code PyTorchLibrary}, so this class sits in DJL's package (a plain split
 * package on the class path: no reflection, no module opening). It is written against the DJL version the
 * environment locks (0.32); {@code dev.jconda.server.model.TorchScriptPath} falls back to the public API if these
 * calls cannot be linked.
 */
public final class TorchCalls {
    /** c10::Layout::Strided. */
    private static final int STRIDED = 0;

    private TorchCalls() {}

    /** Runs {@code forward} of a TorchScript module in inference mode (no autograd); returns the output IValue. */
    public static long forward(long module, long[] inputIValues) {
        return PyTorchLibrary.LIB.moduleRunMethod(module, "forward", inputIValues, false, false);
    }

    public static boolean isTensor(long iValue) {
        return PyTorchLibrary.LIB.iValueIsTensor(iValue);
    }

    /** A new tensor handle for the IValue's tensor; delete it with {@link #deleteTensor}. */
    public static long tensorOf(long iValue) {
        return PyTorchLibrary.LIB.iValueToTensor(iValue);
    }

    public static long[] sizes(long tensor) {
        return PyTorchLibrary.LIB.torchSizes(tensor);
    }

    /** The tensor's type as an index into {@code ai.djl.ndarray.types.DataType.values()}. */
    public static int dataType(long tensor) {
        return PyTorchLibrary.LIB.torchDType(tensor);
    }

    /** Whether {@link #data} sees the elements in row-major order: a dense, contiguous tensor. */
    public static boolean isDenseContiguous(long tensor) {
        return PyTorchLibrary.LIB.torchLayout(tensor) == STRIDED && PyTorchLibrary.LIB.torchIsContiguous(tensor);
    }

    /** A view of a CPU tensor's memory (big-endian until ordered), valid while the tensor lives. */
    public static ByteBuffer data(long tensor) {
        return PyTorchLibrary.LIB.torchDirectByteBuffer(tensor);
    }

    public static void deleteTensor(long tensor) {
        PyTorchLibrary.LIB.torchDeleteTensor(tensor);
    }

    public static void deleteIValue(long iValue) {
        PyTorchLibrary.LIB.torchDeleteIValue(iValue);
    }

    /** The public, allocating conversion, for outputs that are not one tensor (tuples, lists); frees the IValue. */
    public static NDList toNDList(long iValue, PtNDManager manager) {
        try (IValue value = new IValue(iValue)) {
            return value.toNDList(manager);
        }
    }
}
