package dev.jconda.server.model;

/** A model output: row-major values with their shape. */
public sealed interface Tensor permits Tensor.Float32, Tensor.Float64 {
    long[] shape();

    record Float32(long[] shape, float[] values) implements Tensor {}

    record Float64(long[] shape, double[] values) implements Tensor {}
}
