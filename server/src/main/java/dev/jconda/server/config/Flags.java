package dev.jconda.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Gunicorn-style flags, parsed by hand: {@code --flag value}, {@code --flag=value}, {@code -w 2}, {@code -w2}.
 * A {@code --config FILE} of {@code key=value} lines (long flag names, {@code _} or {@code -}) is applied first, the
 * command line after it, so the command line wins; among flags the last occurrence wins.
 */
public final class Flags {
    /** Where the launcher points us at the environment's default model (a file, or a folder holding model.pt). */
    public static final String DEFAULT_MODEL_ENV = "JCONDA_SERVER_DEFAULT_MODEL";
    /** An alternative to {@code --api-key} that keeps the key out of {@code ps}. */
    public static final String API_KEY_ENV = "JCONDA_SERVER_API_KEY";
    /** Models with their own metrics counters (the shared region has room for this many per worker). */
    public static final int MAX_MODELS = 16;

    /** What the command line asks for. */
    public sealed interface Command {
        record Run(ServerOptions options) implements Command {}

        record Help() implements Command {}

        record Version() implements Command {}
    }

    private interface Setter {
        void apply(Builder b, String flag, String value) throws UsageError;
    }

    private record Spec(String name, String shortName, String metavar, String help, Setter setter) {
        boolean takesValue() {
            return metavar != null;
        }
    }

    private static final List<Spec> SPECS = List.of(
            new Spec("workers", "w", "INT", "Worker processes, each a JVM with its own model copy; 'auto': one "
                    + "per CPU this process may use (the container's CPU quota or cpuset, not the host's). [1]",
                    (b, f, v) -> b.workers = v.strip().equalsIgnoreCase("auto")
                            ? Runtime.getRuntime().availableProcessors() : positive(f, v)),
            new Spec("bind", "b", "ADDRESS", "HOST:PORT to listen on, bound once by the master. [127.0.0.1:8000]",
                    (b, f, v) -> b.bind = BindAddress.parse(v)),
            new Spec("worker-class", "k", "CLASS", "sync (requests on --threads platform threads) or virtual. [sync]",
                    (b, f, v) -> b.workerClass = WorkerClass.parse(v)),
            new Spec("threads", null, "INT", "Platform threads running requests in a sync worker. [1]",
                    (b, f, v) -> b.threads = positive(f, v)),
            new Spec("max-requests", null, "INT", "Replace a worker after this many requests; 0 disables. [0]",
                    (b, f, v) -> b.maxRequests = nonNegative(f, v)),
            new Spec("max-requests-jitter", null, "INT", "Add a random 0..INT to each worker's --max-requests. [0]",
                    (b, f, v) -> b.maxRequestsJitter = nonNegative(f, v)),
            new Spec("timeout", "t", "SECONDS",
                    "Kill and replace a worker that is silent, or in one request's model work, this long; 0 disables. "
                            + "Slow clients only lose their connection (after min(timeout, 10 s)). [30]",
                    (b, f, v) -> b.timeout = nonNegative(f, v)),
            new Spec("graceful-timeout", null, "SECONDS", "How long a stopping worker may finish its requests. [30]",
                    (b, f, v) -> b.gracefulTimeout = nonNegative(f, v)),
            new Spec("keep-alive", null, "SECONDS", "Idle time a keep-alive connection is kept; 0 disables. [2]",
                    (b, f, v) -> b.keepAlive = nonNegative(f, v)),
            new Spec("backlog", null, "INT", "Listen queue length of the shared socket. [2048]",
                    (b, f, v) -> b.backlog = positive(f, v)),
            new Spec("limit-request-body", null, "BYTES", "Largest request body (413 above); k/m suffix; 0: no limit. [1m]",
                    (b, f, v) -> b.limitRequestBody = bytes(f, v)),
            new Spec("limit-request-line", null, "BYTES", "Largest request line (414 above); 0: 8190. [4094]",
                    (b, f, v) -> b.limitRequestLine = capped(f, v, 8190)),
            new Spec("limit-request-fields", null, "INT", "Most header fields (431 above); 0: 32768. [100]",
                    (b, f, v) -> b.limitRequestFields = capped(f, v, 32768)),
            new Spec("limit-request-field-size", null, "BYTES", "Largest header field (431 above); 0: 65536. [8190]",
                    (b, f, v) -> b.limitRequestFieldSize = capped(f, v, 65536)),
            new Spec("access-logfile", null, "FILE", "JSON-lines access log; '-' is stdout. [off]",
                    (b, f, v) -> b.accessLogfile = v),
            new Spec("log-level", null, "LEVEL", "debug, info, warning, error or critical. [info]",
                    (b, f, v) -> b.logLevel = LogLevel.parse(v)),
            new Spec("api-key", null, "KEY",
                    "Require 'Authorization: Bearer KEY' on all but /health and /ready (or set " + API_KEY_ENV + ").",
                    (b, f, v) -> b.apiKey = v.isEmpty() ? null : v),
            new Spec("model", "m", "[NAME=]PATH",
                    "TorchScript (.pt) or ONNX (.onnx) model to serve; repeat NAME=PATH for several (routes /predictions/NAME and "
                            + "/v2/models/NAME); the first is /predict's. [$" + DEFAULT_MODEL_ENV + "]",
                    Flags::model),
            new Spec("warmup", null, "INT",
                    "Warm-up inferences before a worker reports ready (needs --warmup-shape or --warmup-input). [10]",
                    (b, f, v) -> b.warmup = nonNegative(f, v)),
            new Spec("warmup-shape", null, "DIMS", "Shape of the zero tensor used for warm-up, e.g. 1,4.",
                    (b, f, v) -> b.warmupShape = Dims.parse(f, v)),
            new Spec("warmup-input", null, "FILE", "A request body ({\"input\": ...}) used for warm-up.",
                    (b, f, v) -> b.warmupInput = v),
            new Spec("input-shape", null, "DIMS",
                    "Shape requests must have (-1: any), e.g. -1,4; 400 otherwise. [warm-up shape, any batch]",
                    (b, f, v) -> b.inputShape = Dims.parse(f, v)),
            new Spec("worker-java-opts", null, "OPTS",
                    "JVM options for worker processes, space separated. [" + ServerOptions.DEFAULT_WORKER_JAVA_OPTS + "]",
                    (b, f, v) -> b.workerJavaOpts = v),
            new Spec("max-queue", null, "INT",
                    "Requests a worker queues for the model beyond those running; more get --queue-full-status at once; "
                            + "0: no limit. [0]",
                    (b, f, v) -> b.maxQueue = nonNegative(f, v)),
            new Spec("queue-full-status", null, "CODE", "503 or 429: the answer (with Retry-After) when the queue is full. [503]",
                    (b, f, v) -> b.queueFullStatus = queueFullStatus(f, v)),
            new Spec("max-batch-size", null, "INT",
                    "Stack up to INT concurrent requests of one model and shape into one forward pass; 1: off. [1]",
                    (b, f, v) -> b.maxBatchSize = positive(f, v)),
            new Spec("max-batch-delay", null, "MS",
                    "How long a batch waits for more requests after its first one (with --max-batch-size). [5]",
                    (b, f, v) -> b.maxBatchDelay = nonNegative(f, v)),
            new Spec("config", "c", "FILE", "key=value lines with the long flag names; the command line wins.",
                    (b, f, v) -> b.config = v),
            new Spec("help", "h", null, "Show this help and exit.", (b, f, v) -> b.help = true),
            new Spec("version", null, null, "Show the version and exit.", (b, f, v) -> b.version = true));

    private Flags() {}

    private static final class Builder {
        int workers = 1;
        BindAddress bind = new BindAddress("127.0.0.1", 8000);
        WorkerClass workerClass = WorkerClass.SYNC;
        int threads = 1;
        int maxRequests;
        int maxRequestsJitter;
        int timeout = 30;
        int gracefulTimeout = 30;
        int keepAlive = 2;
        int backlog = 2048;
        long limitRequestBody = 1 << 20;
        int limitRequestLine = 4094;
        int limitRequestFields = 100;
        int limitRequestFieldSize = 8190;
        String accessLogfile;
        LogLevel logLevel = LogLevel.INFO;
        String apiKey;
        String model;
        int warmup = 10;
        Dims warmupShape;
        String warmupInput;
        Dims inputShape;
        String workerJavaOpts = ServerOptions.DEFAULT_WORKER_JAVA_OPTS;
        String config;
        int maxQueue;
        int queueFullStatus = 503;
        final Map<String, String> namedModels = new LinkedHashMap<>();
        int maxBatchSize = 1;
        int maxBatchDelay = 5;
        boolean help;
        boolean version;
    }

    /**
     * Parses a command line. {@code env} supplies {@link #DEFAULT_MODEL_ENV} and {@link #API_KEY_ENV};
     * {@code cwd} resolves relative paths, which are made absolute so that workers and reloads agree.
     */
    public static Command parse(List<String> args, Map<String, String> env, Path cwd) throws UsageError {
        List<Map.Entry<Spec, String>> given = scan(args);
        Builder b = new Builder();
        for (Map.Entry<Spec, String> e : given) {
            if (e.getKey().name().equals("help")) {
                return new Command.Help();
            }
            if (e.getKey().name().equals("version")) {
                return new Command.Version();
            }
            if (e.getKey().name().equals("config")) {
                b.config = e.getValue();
            }
        }
        if (b.config != null) {
            Path file = cwd.resolve(b.config).toAbsolutePath().normalize();
            b.config = file.toString();
            for (Map.Entry<Spec, String> e : readConfig(file)) {
                e.getKey().setter().apply(b, "--" + e.getKey().name(), e.getValue());
            }
        }
        for (Map.Entry<Spec, String> e : given) {
            e.getKey().setter().apply(b, "--" + e.getKey().name(), e.getValue());
        }
        return new Command.Run(build(b, env, cwd));
    }

    /**
     * {@code NAME=PATH} adds a named model (a repeated name replaces it); anything else, a path whose part before a
     * '=' is no model name included, replaces the unnamed model (the last one wins, like every other flag).
     */
    private static void model(Builder b, String flag, String value) {
        int eq = value.indexOf('=');
        if (eq > 0 && ModelSpec.validName(value.substring(0, eq))) {
            b.namedModels.put(value.substring(0, eq), value.substring(eq + 1));
        } else {
            b.model = value;
        }
    }

    private static ServerOptions build(Builder b, Map<String, String> env, Path cwd) throws UsageError {
        String model = b.model;
        if (model == null && b.namedModels.isEmpty()) {
            String fallback = env.get(DEFAULT_MODEL_ENV);
            if (fallback == null || fallback.isBlank()) {
                throw new UsageError("--model is required (or set " + DEFAULT_MODEL_ENV + ")");
            }
            Path p = cwd.resolve(fallback);
            model = Files.isDirectory(p) ? p.resolve("model.pt").toString() : p.toString();
        }
        Map<String, Path> byName = new LinkedHashMap<>();
        if (model != null) {
            Path path = cwd.resolve(model).toAbsolutePath().normalize();
            byName.put(ModelSpec.defaultName(path), path);
        }
        for (Map.Entry<String, String> e : b.namedModels.entrySet()) {
            byName.put(e.getKey(), cwd.resolve(e.getValue()).toAbsolutePath().normalize());
        }
        List<ModelSpec> models = byName.entrySet().stream().map(e -> new ModelSpec(e.getKey(), e.getValue())).toList();
        if (models.size() > MAX_MODELS) {
            throw new UsageError("--model: at most " + MAX_MODELS + " models per server, got " + models.size());
        }
        String apiKey = b.apiKey != null ? b.apiKey : emptyToNull(env.get(API_KEY_ENV));
        String access = b.accessLogfile == null || b.accessLogfile.equals("-")
                ? b.accessLogfile
                : cwd.resolve(b.accessLogfile).toAbsolutePath().normalize().toString();
        List<String> javaOpts = b.workerJavaOpts.isBlank()
                ? List.of()
                : Arrays.asList(b.workerJavaOpts.strip().split("\\s+"));
        return new ServerOptions(
                b.workers, b.bind, b.workerClass, b.threads, b.maxRequests, b.maxRequestsJitter,
                b.timeout, b.gracefulTimeout, b.keepAlive, b.backlog,
                b.limitRequestBody, b.limitRequestLine, b.limitRequestFields, b.limitRequestFieldSize,
                Optional.ofNullable(access), b.logLevel, Optional.ofNullable(apiKey),
                models.getFirst().path(),
                b.warmup, Optional.ofNullable(b.warmupShape),
                Optional.ofNullable(b.warmupInput).map(p -> cwd.resolve(p).toAbsolutePath().normalize()),
                Optional.ofNullable(b.inputShape), javaOpts,
                Optional.ofNullable(b.config).map(Path::of), b.maxQueue, b.queueFullStatus, models, b.maxBatchSize,
                b.maxBatchDelay);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static List<Map.Entry<Spec, String>> scan(List<String> args) throws UsageError {
        List<Map.Entry<Spec, String>> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            Spec spec;
            String value = null;
            if (arg.startsWith("--") && arg.length() > 2) {
                String name = arg.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                spec = byLongName(name);
                if (spec == null) {
                    throw new UsageError("unrecognized option '--" + name + "'");
                }
                if (!spec.takesValue() && value != null) {
                    throw new UsageError("option '--" + spec.name() + "' takes no value");
                }
            } else if (arg.startsWith("-") && arg.length() > 1 && !arg.startsWith("--")) {
                String letter = arg.substring(1, 2);
                spec = SPECS.stream().filter(s -> letter.equals(s.shortName())).findFirst().orElse(null);
                if (spec == null) {
                    throw new UsageError("unrecognized option '-" + letter + "'");
                }
                String rest = arg.substring(2);
                if (spec.takesValue()) {
                    value = rest.isEmpty() ? null : rest.startsWith("=") ? rest.substring(1) : rest;
                } else if (!rest.isEmpty()) {
                    throw new UsageError("option '-" + letter + "' takes no value");
                }
            } else {
                throw new UsageError("unexpected argument '" + arg + "' (the model is given with --model)");
            }
            if (spec.takesValue() && value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageError("option '--" + spec.name() + "' requires a value (" + spec.metavar() + ")");
                }
                value = args.get(++i);
            }
            out.add(Map.entry(spec, value == null ? "" : value));
        }
        return out;
    }

    private static Spec byLongName(String name) {
        String normalized = name.toLowerCase(Locale.ROOT).replace('_', '-');
        for (Spec s : SPECS) {
            if (s.name().equals(normalized)) {
                return s;
            }
        }
        return null;
    }

    private static List<Map.Entry<Spec, String>> readConfig(Path file) throws UsageError {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageError("--config: cannot read " + file + ": " + e.getMessage());
        }
        Map<String, Map.Entry<Spec, String>> entries = new LinkedHashMap<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int sep = line.indexOf('=');
            if (sep < 0) {
                sep = line.indexOf(": ");
            }
            if (sep <= 0) {
                throw new UsageError(file + ":" + (n + 1) + ": expected key=value, got '" + line + "'");
            }
            String key = line.substring(0, sep).strip();
            if (key.startsWith("--")) {
                key = key.substring(2);
            }
            String value = unquote(line.substring(sep + 1).strip());
            Spec spec = byLongName(key);
            if (spec == null || spec.name().equals("config") || !spec.takesValue()) {
                throw new UsageError(file + ":" + (n + 1) + ": unknown setting '" + key + "'");
            }
            entries.put(spec.name(), Map.entry(spec, value));
        }
        return new ArrayList<>(entries.values());
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static int queueFullStatus(String flag, String value) throws UsageError {
        int code = integer(flag, value);
        if (code != 503 && code != 429) {
            throw new UsageError(flag + ": expected 503 or 429, got '" + value + "'");
        }
        return code;
    }

    private static int positive(String flag, String value) throws UsageError {
        int n = integer(flag, value);
        if (n < 1) {
            throw new UsageError(flag + ": expected a positive integer, got '" + value + "'");
        }
        return n;
    }

    private static int nonNegative(String flag, String value) throws UsageError {
        int n = integer(flag, value);
        if (n < 0) {
            throw new UsageError(flag + ": expected an integer >= 0, got '" + value + "'");
        }
        return n;
    }

    private static int capped(String flag, String value, int max) throws UsageError {
        int n = nonNegative(flag, value);
        return n == 0 || n > max ? max : n;
    }

    private static int integer(String flag, String value) throws UsageError {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new UsageError(flag + ": expected an integer, got '" + value + "'");
        }
    }

    private static long bytes(String flag, String value) throws UsageError {
        String v = value.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("k") || v.endsWith("m") || v.endsWith("g")) {
            unit = switch (v.charAt(v.length() - 1)) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                default -> 1L << 30;
            };
            v = v.substring(0, v.length() - 1);
        }
        long n;
        try {
            n = Long.parseLong(v) * unit;
        } catch (NumberFormatException e) {
            throw new UsageError(flag + ": expected a size in bytes like 1048576 or 1m, got '" + value + "'");
        }
        if (n < 0) {
            throw new UsageError(flag + ": expected a size >= 0, got '" + value + "'");
        }
        long max = Integer.MAX_VALUE - 65536;
        return n == 0 || n > max ? max : n;
    }

    /** The {@code --help} text, generated from the flag table so it cannot drift. */
    public static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: java -cp <server jar + DJL classpath> dev.jconda.server.Main [OPTIONS]\n\n")
                .append("Serves TorchScript and ONNX models over HTTP with a Gunicorn-style master and worker JVMs.\n")
                .append("Endpoints: POST /predict {\"input\": [[...]]}, POST /predictions/NAME, the Open Inference "
                        + "Protocol under /v2, GET /health, /ready, /metrics.\n")
                .append("Signals to the master: TERM graceful stop, INT fast stop, HUP reload, TTIN/TTOU one worker more/less.\n\n")
                .append("Options:\n");
        for (Spec s : SPECS) {
            String left = (s.shortName() != null ? "-" + s.shortName() + ", " : "    ") + "--" + s.name()
                    + (s.takesValue() ? " " + s.metavar() : "");
            sb.append("  ").append(left);
            int pad = Math.max(1, 38 - left.length());
            sb.append(" ".repeat(pad)).append(s.help()).append('\n');
        }
        return sb.toString();
    }
}
