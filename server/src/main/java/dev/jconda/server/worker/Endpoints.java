package dev.jconda.server.worker;

import dev.jconda.server.buffer.ByteSink;
import dev.jconda.server.http.HttpHandler;
import dev.jconda.server.http.HttpRequest;
import dev.jconda.server.http.HttpResponse;
import dev.jconda.server.json.BodyError;
import dev.jconda.server.json.JsonWriter;
import dev.jconda.server.json.TensorParser;
import dev.jconda.server.metrics.MetricsRegion;
import dev.jconda.server.metrics.PrometheusText;
import dev.jconda.server.model.InferenceException;
import dev.jconda.server.model.Tensor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The routes: the seed's Flask API ({@code POST /predict} for the first model, {@code POST /predictions/NAME} for
 * any), the Open Inference Protocol (KServe v2) REST API under {@code /v2}, and {@code /health}, {@code /ready},
 * {@code /metrics}.
 */
final class Endpoints implements HttpHandler {
    private static final byte[] HEALTHY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] READY = "{\"status\":\"ready\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_READY = "{\"status\":\"not ready\"}".getBytes(StandardCharsets.US_ASCII);
    private static final String PREDICTIONS = "/predictions/";
    private static final String V2_MODELS = "/v2/models/";

    private final Map<String, ServedModel> models;
    private final ServedModel defaultModel;
    private final List<String> modelNames;
    private final byte[] apiKey;
    private final MetricsRegion metrics;
    private final MetricsRegion.Slot slot;
    private final BooleanSupplier ready;
    private final RequestRunner runner;
    private final ModelQueue queue;
    private final int queueFullStatus;

    /** What a path asks for; {@code model} is null where the route names none or an unknown one. */
    private sealed interface Route {
        record Predict(String model) implements Route {}

        record Infer(String model) implements Route {}

        record ModelMetadata(String model) implements Route {}

        record ModelReady(String model) implements Route {}

        record Fixed(String path) implements Route {}

        record NotFound() implements Route {}
    }

    /** The routes of fixed paths, made once: routing the hot path allocates nothing. */
    private static final Route PREDICT_DEFAULT = new Route.Predict(null);
    private static final Route NOT_FOUND = new Route.NotFound();
    private static final Map<String, Route> FIXED = Map.of(
            "/health", new Route.Fixed("/health"), "/ready", new Route.Fixed("/ready"),
            "/metrics", new Route.Fixed("/metrics"), "/v2", new Route.Fixed("/v2"),
            "/v2/health/live", new Route.Fixed("/v2/health/live"),
            "/v2/health/ready", new Route.Fixed("/v2/health/ready"));

    Endpoints(Map<String, ServedModel> models, Optional<String> apiKey, MetricsRegion metrics, MetricsRegion.Slot slot,
            BooleanSupplier ready, RequestRunner runner, ModelQueue queue, int queueFullStatus) {
        this.models = Map.copyOf(models);
        this.defaultModel = models.values().stream().filter(m -> m.index() == 0).findFirst().orElseThrow();
        this.modelNames = models.values().stream().sorted((a, b) -> Integer.compare(a.index(), b.index()))
                .map(ServedModel::name).toList();
        this.apiKey = apiKey.map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.metrics = metrics;
        this.slot = slot;
        this.ready = ready;
        this.runner = runner;
        this.queue = queue;
        this.queueFullStatus = queueFullStatus;
    }

    private static Route route(String path) {
        if (path.equals("/predict")) {
            return PREDICT_DEFAULT;
        }
        Route fixed = FIXED.get(path);
        if (fixed != null) {
            return fixed;
        }
        if (path.startsWith(PREDICTIONS) && path.indexOf('/', PREDICTIONS.length()) < 0) {
            return new Route.Predict(path.substring(PREDICTIONS.length()));
        }
        if (path.startsWith(V2_MODELS)) {
            String rest = path.substring(V2_MODELS.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                return new Route.ModelMetadata(rest);
            }
            String name = rest.substring(0, slash);
            return switch (rest.substring(slash)) {
                case "/infer" -> new Route.Infer(name);
                case "/ready" -> new Route.ModelReady(name);
                default -> NOT_FOUND;
            };
        }
        return NOT_FOUND;
    }

    /** Method and API key are judged from the head, so an unauthorized client never gets its body read. */
    @Override
    public boolean admit(HttpRequest req, HttpResponse res) {
        return switch (route(req.path())) {
            case Route.Predict p -> allowed(req, res, "POST") && authorized(req, res);
            case Route.Infer i -> allowed(req, res, "POST") && authorized(req, res);
            case Route.ModelMetadata m -> allowed(req, res, "GET, HEAD") && authorized(req, res);
            case Route.ModelReady m -> allowed(req, res, "GET, HEAD") && authorized(req, res);
            case Route.Fixed f -> allowed(req, res, "GET, HEAD")
                    && (!f.path().equals("/metrics") && !f.path().equals("/v2") || authorized(req, res));
            case Route.NotFound n -> {
                res.error(404, "Not found");
                yield false;
            }
        };
    }

    @Override
    public void handle(HttpRequest req, HttpResponse res) {
        switch (route(req.path())) {
            case Route.Predict p -> {
                ServedModel m = model(p.model(), res);
                if (m != null) {
                    runModelWork(req, res, m, false);
                }
            }
            case Route.Infer i -> {
                ServedModel m = model(i.model(), res);
                if (m != null) {
                    runModelWork(req, res, m, true);
                }
            }
            case Route.ModelMetadata md -> {
                ServedModel m = model(md.model(), res);
                if (m != null) {
                    V2Json.modelMetadata(res.body(), m);
                }
            }
            case Route.ModelReady mr -> {
                ServedModel m = model(mr.model(), res);
                if (m != null) {
                    readyAnswer(res, m.name());
                }
            }
            case Route.Fixed f -> fixed(f.path(), res);
            case Route.NotFound n -> res.error(404, "Not found");
        }
    }

    /** The model a route names (the first one for none), or null with the 404 answered. */
    private ServedModel model(String name, HttpResponse res) {
        ServedModel m = name == null ? defaultModel : models.get(name);
        if (m == null) {
            res.error(404, "Unknown model '" + name + "'; this server has " + String.join(", ", modelNames));
        }
        return m;
    }

    private void fixed(String path, HttpResponse res) {
        switch (path) {
            case "/health" -> res.body().append(HEALTHY);
            case "/ready" -> {
                boolean ok = ready.getAsBoolean();
                res.status(ok ? 200 : 503).body().append(ok ? READY : NOT_READY);
            }
            case "/metrics" -> {
                res.contentType(PrometheusText.CONTENT_TYPE);
                PrometheusText.render(metrics.snapshot(), modelNames, res.body());
            }
            case "/v2" -> V2Json.serverMetadata(res.body());
            case "/v2/health/live" -> res.body().ascii("{\"live\":true}");
            case "/v2/health/ready" -> readyAnswer(res, null);
            default -> res.error(404, "Not found");
        }
    }

    private void readyAnswer(HttpResponse res, String model) {
        boolean ok = ready.getAsBoolean();
        ByteSink body = res.status(ok ? 200 : 503).body();
        body.append('{');
        if (model != null) {
            body.ascii("\"name\":");
            JsonWriter.string(body, model);
            body.append(',');
        }
        body.ascii("\"ready\":").ascii(ok ? "true" : "false").append('}');
    }

    /** Backpressure first, then the model work on the worker class's thread, timed for --timeout and the metrics. */
    private void runModelWork(HttpRequest req, HttpResponse res, ServedModel model, boolean v2) {
        if (!queue.tryEnter()) {
            res.error(queueFullStatus, "Server busy: the request queue is full; retry later").header("Retry-After: 1");
            return;
        }
        try {
            runner.enter();
            try {
                req.processingStarted();
                long t0 = System.nanoTime();
                try {
                    if (v2) {
                        infer(req, res, model);
                    } else {
                        predict(req, res, model);
                    }
                } finally {
                    slot.modelRequest(model.index(), System.nanoTime() - t0);
                    req.processingFinished();
                }
            } finally {
                runner.leave();
            }
        } finally {
            queue.leave();
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

    /** Runs the model on a checked input; null (with the 400 or 500 answered) when it cannot. */
    private static List<Tensor> run(ServedModel model, long[] shape, float[] values, HttpResponse res) {
        if (model.inputShape().isPresent() && !model.inputShape().get().matches(shape)) {
            res.error(400, "Invalid input: shape " + Arrays.toString(shape) + " does not match the model's input "
                    + model.inputShape().get().describe());
            return null;
        }
        try {
            return model.model().predict(shape, values);
        } catch (InferenceException e) {
            res.error(500, e.getMessage());
            return null;
        }
    }

    private static void predict(HttpRequest req, HttpResponse res, ServedModel model) {
        TensorParser.Input input;
        try {
            input = req.tensorParser().parse(req.bodyArray(), req.bodyOffset(), req.bodyLength());
        } catch (BodyError e) {
            res.error(400, e.getMessage());
            return;
        }
        List<Tensor> outputs = run(model, input.shape(), input.values(), res);
        if (outputs == null) {
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

    private static void infer(HttpRequest req, HttpResponse res, ServedModel model) {
        TensorParser.InferRequest request;
        try {
            request = req.tensorParser().parseInfer(req.bodyArray(), req.bodyOffset(), req.bodyLength());
        } catch (BodyError e) {
            res.error(400, e.getMessage());
            return;
        }
        if (request.inputs().size() != 1) {
            res.error(400, "Invalid inference request: model '" + model.name() + "' takes one input tensor, got "
                    + request.inputs().size());
            return;
        }
        TensorParser.NamedInput input = request.inputs().getFirst();
        List<Tensor> outputs = run(model, input.shape(), input.values(), res);
        if (outputs != null) {
            V2Json.inferResponse(res.body(), model.name(), request.id(), outputs);
        }
    }

    private static void write(ByteSink body, Tensor t) {
        switch (t) {
            case Tensor.Float32 f -> JsonWriter.floats(body, f.shape(), f.values());
            case Tensor.Float64 d -> JsonWriter.doubles(body, d.shape(), d.values());
        }
    }
}
