package dev.jconda.server.model;

import java.util.List;

/** The seam between HTTP and the engine: a float32 tensor in, the model's outputs back. Thread-safe. */
public interface InferenceModel {
    List<Tensor> predict(long[] shape, float[] values) throws InferenceException;
}
