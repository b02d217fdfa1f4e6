package dev.jconda.server.worker;

import dev.jconda.server.config.Dims;
import dev.jconda.server.model.InferenceModel;
import java.util.List;
import java.util.Optional;

/**
 * A model as the routes see it: its name, its place in --model order (the index of its metrics), the model (batched
 * or not), its v2 platform name, the input shape it accepts, and what its outputs looked like at warm-up (for v2 metadata; empty if none
 * ran).
 */
record ServedModel(String name, int index, InferenceModel model, String platform, Optional<Dims> inputShape,
        List<OutputInfo> outputs) {

    /** One output of the model as seen at warm-up: its v2 datatype and its shape with the batch dimension as -1. */
    record OutputInfo(String datatype, long[] shape) {}
}
