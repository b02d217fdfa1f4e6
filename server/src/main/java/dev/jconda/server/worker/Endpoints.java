package dev.jconda.server.worker;

import dev.jconda.server.config.Dims;
import dev.jconda.server.http.HttpHandler;
import dev.jconda.server.http.HttpRequest;
import dev.jconda.server.http.HttpResponse;
import dev.jconda.server.json.BodyError;
import dev.jconda.server.buffer.ByteSink;
import dev.jconda.server.json.JsonWriter;
import dev.jconda.server.json.TensorParser;
import dev.jconda.server.metrics.MetricsRegion;
import dev.jconda.server.metrics.PrometheusText;
import dev.jconda.server.model.InferenceException;
import dev.jconda.server.model.InferenceModel;
import dev.jconda.server.model.Tensor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The routes, compatible with the seed's Flask app: {@code POST /predict} ({"input": ...} to {"result": ...}),
 * plus {@code /health}, {@code /ready} and {@code /metrics}.
 */
final class Endpoints implements HttpHandler {
    private static final byte[] HEALTHY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] READY = "{\"status\":\"ready\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_READY = "{\"status\":\"not ready\"}".getBytes(StandardCharsets.US_ASCII);

    private final InferenceModel model;
    private final Optional<Dims> requestShape;
    private final byte[] apiKey;
    private final MetricsRegion metrics;
    private final BooleanSupplier ready;
    private final RequestRunner runner;
    private final ModelQueue queue;
    private final int queueFullStatus;

    Endpoints(InferenceModel model, Optional<Dims> requestShape, Optional<String> apiKey, MetricsRegion metrics,
            BooleanSupplier ready, RequestRunner runner, ModelQueue queue, int queueFullStatus) {
        this.model = model;
        this.requestShape = requestShape;
        this.apiKey = apiKey.map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.metrics = metrics;
        this.ready = ready;
        this.runner = runner;
        this.queue = queue;
        this.queueFullStatus = queueFullStatus;
    }

    /** Method and API key are judged from the head, so an unauthorized client never gets its body read. */
    @Override
    public boolean admit(HttpRequest req, HttpResponse res) {
        return switch (req.path()) {
            case "/predict" -> allowed(req, res, "POST") && authorized(req, res);
            case "/health", "/ready" -> allowed(req, res, "GET, HEAD");
            case "/metrics" -> allowed(req, res, "GET, HEAD") && authorized(req, res);
            default -> {
                res.error(404, "Not found");
                yield false;
            }
        };
    }

    @Override
    public void handle(HttpRequest req, HttpResponse res) {
        switch (req.path()) {
            case "/predict" -> {
                if (!queue.tryEnter()) {
                    res.error(queueFullStatus, "Server busy: the request queue is full; retry later")
                            .header("Retry-After: 1");
                    return;
                }
                try {
                    runner.run(() -> {
                        req.processingStarted();
                        try {
                            predict(req, res);
                        } finally {
                            req.processingFinished();
                        }
                    });
                } finally {
                    queue.leave();
                }
            }
            case "/health" -> res.body().append(HEALTHY);
            case "/ready" -> {
                boolean ok = ready.getAsBoolean();
                res.status(ok ? 200 : 503).body().append(ok ? READY : NOT_READY);
            }
            case "/metrics" -> {
                res.contentType(PrometheusText.CONTENT_TYPE);
                PrometheusText.render(metrics.snapshot(), res.body());
            }
            default -> res.error(404, "Not found");
        }
    }

    private static boolean allowed(HttpRequest req, HttpResponse res, String allow) {
        String m = req.method();
        boolean ok = allow.equals("POST") ? HttpRequest.POST.equals(m) : HttpRequest.GET.equals(m) || HttpRequest.HEAD.equals(m);
        if (!ok) {
            res.error(405, "Method not allowed").header("Allow: " + allow);
        }
        return ok;
    }

    private boolean authorized(HttpRequest req, HttpResponse res) {
        if (apiKey == null) {
            return true;
        }
        String given = req.authorization();
        boolean ok = given != null && given.length() > 7 && given.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(given.substring(7).strip().getBytes(StandardCharsets.UTF_8), apiKey);
        if (!ok) {
            res.error(401, given == null ? "Missing API key" : "Invalid API key")
                    .header("WWW-Authenticate: Bearer realm=\"jconda\"");
        }
        return ok;
    }

    private void predict(HttpRequest req, HttpResponse res) {
        TensorParser.Input input;
        try {
            input = req.tensorParser().parse(req.bodyArray(), req.bodyOffset(), req.bodyLength());
        } catch (BodyError e) {
            res.error(400, e.getMessage());
            return;
        }
        if (requestShape.isPresent() && !requestShape.get().matches(input.shape())) {
            res.error(400, "Invalid input: shape " + Arrays.toString(input.shape()) + " does not match the model's input "
                    + requestShape.get().describe());
            return;
        }
        List<Tensor> outputs;
        try {
            outputs = model.predict(input.shape(), input.values());
        } catch (InferenceException e) {
            res.error(500, e.getMessage());
            return;
        }
        ByteSink body = res.body();
        body.ascii("{\"result\":");
        if (outputs.size() == 1) {
            write(body, outputs.getFirst());
        } else {
            body.append('[');
            for (int i = 0; i < outputs.size(); i++) {
                if (i > 0) {
                    body.append(',');
                }
                write(body, outputs.get(i));
            }
            body.append(']');
        }
        body.append('}');
    }

    private static void write(ByteSink body, Tensor t) {
        switch (t) {
            case Tensor.Float32 f -> JsonWriter.floats(body, f.shape(), f.values());
            case Tensor.Float64 d -> JsonWriter.doubles(body, d.shape(), d.values());
        }
    }
}
