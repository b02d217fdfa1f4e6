package dev.jconda.server.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything the master and its workers are configured with, after defaults, the {@code --config} file and the
 * command line (in that order; later wins) have been applied. Workers receive it back as {@link #toArgs()}.
 */
public record ServerOptions(
        int workers,
        BindAddress bind,
        WorkerClass workerClass,
        int threads,
        int maxRequests,
        int maxRequestsJitter,
        int timeoutSeconds,
        int gracefulTimeoutSeconds,
        int keepAliveSeconds,
        int backlog,
        long limitRequestBody,
        int limitRequestLine,
        int limitRequestFields,
        int limitRequestFieldSize,
        Optional<String> accessLogfile,
        LogLevel logLevel,
        Optional<String> apiKey,
        Path model,
        int warmup,
        Optional<Dims> warmupShape,
        Optional<Path> warmupInput,
        Optional<Dims> inputShape,
        List<String> workerJavaOpts,
        Optional<Path> config,
        int maxQueue,
        int queueFullStatus,
        List<ModelSpec> models,
        int maxBatchSize,
        int maxBatchDelayMillis) {

    public static final String DEFAULT_WORKER_JAVA_OPTS = "-XX:+UseSerialGC -XX:+UseCompactObjectHeaders -Xmn32m";

    public ServerOptions {
        workerJavaOpts = List.copyOf(workerJavaOpts);
        models = List.copyOf(models);
    }

    /** Whether concurrent requests of one model are stacked into one forward pass (--max-batch-size above 1). */
    public boolean batching() {
        return maxBatchSize > 1;
    }

    /**
     * These options with the listener settings of {@code running}: a reload cannot move the socket the master
     * bound at start.
     */
    public ServerOptions keepingListenerOf(ServerOptions running) {
        return new ServerOptions(workers, running.bind, workerClass, threads, maxRequests, maxRequestsJitter,
                timeoutSeconds, gracefulTimeoutSeconds, keepAliveSeconds, running.backlog, limitRequestBody,
                limitRequestLine, limitRequestFields, limitRequestFieldSize, accessLogfile, logLevel, apiKey, model,
                warmup, warmupShape, warmupInput, inputShape, workerJavaOpts, config, maxQueue, queueFullStatus, models, maxBatchSize,
                maxBatchDelayMillis);
    }

    /** The shape requests must have, if known: {@code --input-shape}, else the warm-up shape with any batch size. */
    public Optional<Dims> requestShape() {
        return inputShape.or(() -> warmupShape.map(Dims::anyBatch));
    }

    /**
     * The options as flags for a worker's command line. The API key is left out: it travels in the worker's
     * environment so that it does not show in {@code ps}.
     */
    public List<String> toArgs() {
        List<String> args = new ArrayList<>();
        add(args, "workers", workers);
        add(args, "bind", bind.flagValue());
        add(args, "worker-class", workerClass.flagValue());
        add(args, "threads", threads);
        add(args, "max-requests", maxRequests);
        add(args, "max-requests-jitter", maxRequestsJitter);
        add(args, "timeout", timeoutSeconds);
        add(args, "graceful-timeout", gracefulTimeoutSeconds);
        add(args, "keep-alive", keepAliveSeconds);
        add(args, "backlog", backlog);
        add(args, "limit-request-body", limitRequestBody);
        add(args, "limit-request-line", limitRequestLine);
        add(args, "limit-request-fields", limitRequestFields);
        add(args, "limit-request-field-size", limitRequestFieldSize);
        accessLogfile.ifPresent(f -> add(args, "access-logfile", f));
        add(args, "log-level", logLevel.flagValue());
        for (ModelSpec m : models) {
            add(args, "model", m.flagValue());
        }
        add(args, "warmup", warmup);
        warmupShape.ifPresent(d -> add(args, "warmup-shape", d.flagValue()));
        warmupInput.ifPresent(p -> add(args, "warmup-input", p));
        inputShape.ifPresent(d -> add(args, "input-shape", d.flagValue()));
        add(args, "worker-java-opts", String.join(" ", workerJavaOpts));
        add(args, "max-queue", maxQueue);
        add(args, "queue-full-status", queueFullStatus);
        add(args, "max-batch-size", maxBatchSize);
        add(args, "max-batch-delay", maxBatchDelayMillis);
        return args;
    }

    private static void add(List<String> args, String name, Object value) {
        args.add("--" + name + "=" + value);
    }
}
