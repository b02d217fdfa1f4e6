package dev.jconda.server.worker;

import dev.jconda.server.config.ModelSpec;
import dev.jconda.server.config.ServerOptions;
import dev.jconda.server.config.WorkerClass;
import dev.jconda.server.metrics.MetricsRegion;
import dev.jconda.server.model.BatchingModel;
import dev.jconda.server.model.DjlModel;
import dev.jconda.server.model.InferenceModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How a worker's loaded models are served: by name, batched when --max-batch-size asks, on which threads. */
final class ServedModels {
    private ServedModels() {}

    /**
     * Threads that run model work at once: --threads in a sync worker and for the batchers, else 1 (a virtual worker
     * runs each request on its connection's thread).
     */
    static int modelThreads(ServerOptions options) {
        return options.workerClass() == WorkerClass.SYNC || options.batching() ? options.threads() : 1;
    }

    /**
     * Where requests run their model work. With batching, on their own virtual threads, which wait for the batcher:
     * a request pool in front would let only --threads requests reach it at once.
     */
    static RequestRunner runner(ServerOptions options) {
        return options.batching() ? new RequestRunner.Unbounded() : RequestRunner.of(options.workerClass(), options.threads());
    }

    /** {@code loaded} in --model order; {@code firstOutputs}: what the first model's warm-up produced. */
    static Map<String, ServedModel> assemble(ServerOptions options, List<DjlModel> loaded,
            List<ServedModel.OutputInfo> firstOutputs, MetricsRegion.Slot slot) {
        Map<String, ServedModel> served = new LinkedHashMap<>();
        for (int i = 0; i < loaded.size(); i++) {
            ModelSpec spec = options.models().get(i);
            InferenceModel model = loaded.get(i);
            if (options.batching()) {
                model = new BatchingModel(model, options.maxBatchSize(), options.maxBatchDelayMillis(),
                        modelThreads(options), slot::batch);
            }
            served.put(spec.name(), new ServedModel(spec.name(), i, model, loaded.get(i).format().platform(),
                    i == 0 ? options.requestShape() : Optional.empty(), i == 0 ? firstOutputs : List.of()));
        }
        return served;
    }
}
