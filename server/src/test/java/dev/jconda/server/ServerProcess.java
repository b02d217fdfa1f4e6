package dev.jconda.server;

import static org.junit.jupiter.api.Assertions.fail;

import dev.jconda.server.posix.Libc;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real master process on 127.0.0.1 and a free port, started the way a user starts it, with the test classpath
 * (DJL, libtorch native jar) and its log in target/server-logs.
 */
final class ServerProcess implements AutoCloseable {
    static final Path REPO = repoRoot();
    static final Path MODEL = REPO.resolve("samples/model-serving/model.pt");
    static final Path REQUEST = REPO.resolve("samples/model-serving/request.json");
    static final Path EXPECTED = REPO.resolve("samples/model-serving/expected.json");
    private static final Pattern LISTENING = Pattern.compile("Listening at: http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern METRIC = Pattern.compile("(?m)^(\\S+) (\\S+)$");

    private final Process process;
    private final Path log;
    private final int port;
    private final String apiKey;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ServerProcess(Process process, Path log, int port, String apiKey) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.apiKey = apiKey;
    }

    private static Path repoRoot() {
        String configured = System.getProperty("jconda.server.repoRoot");
        Path p = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path q = p.toAbsolutePath().normalize(); q != null; q = q.getParent()) {
            if (Files.isDirectory(q.resolve("samples/model-serving"))) {
                return q;
            }
        }
        throw new IllegalStateException("no samples/model-serving above " + p);
    }

    static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    static List<String> command(String... flags) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx64m",
                "-cp", classpath(), "dev.jconda.server.Main",
                "-b", "127.0.0.1:0", "--model", MODEL.toString()));
        cmd.addAll(List.of(flags));
        return cmd;
    }

    /** Starts a master and waits until it listens and {@code readyWorkers} workers are ready. */
    static ServerProcess start(String name, int readyWorkers, String apiKey, String... flags) throws Exception {
        Path logs = Path.of("target", "server-logs");
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command(flags)).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("DJL_OFFLINE", "true");
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int port = -1;
        while (port < 0) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            } else if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                fail("the server did not start listening; log:\n" + Files.readString(log));
            } else {
                Thread.sleep(50);
            }
        }
        ServerProcess server = new ServerProcess(p, log, port, apiKey);
        server.awaitReadyWorkers(readyWorkers, Duration.ofSeconds(60));
        return server;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    List<Long> workerPids() {
        return ProcessHandle.of(process.pid()).orElseThrow().children().map(ProcessHandle::pid).sorted().toList();
    }

    void signal(int signal) {
        Libc.kill(process.pid(), signal);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET();
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one sample line of /metrics, e.g. {@code jconda_workers{state="ready"}}; -1 if absent. */
    double metric(String sample) throws IOException, InterruptedException {
        Matcher m = METRIC.matcher(get("/metrics").body());
        while (m.find()) {
            if (m.group(1).equals(sample)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return -1;
    }

    double restarts(String reason) throws IOException, InterruptedException {
        return metric("jconda_worker_restarts_total{reason=\"" + reason + "\"}");
    }

    /** Waits until exactly {@code n} workers are ready, none booting or stopping, and the master has n children. */
    void awaitReadyWorkers(int n, Duration timeout) throws Exception {
        await(timeout, () -> {
            try {
                return workerPids().size() == n && metric("jconda_workers{state=\"ready\"}") == n
                        && metric("jconda_workers{state=\"booting\"}") == 0
                        && metric("jconda_workers{state=\"stopping\"}") == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, () -> n + " ready workers");
    }

    void await(Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> what)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what.get() + "; workers " + workerPids() + "; log:\n" + log());
            }
            if (!process.isAlive()) {
                fail("the master exited with " + process.exitValue() + "; log:\n" + log());
            }
            Thread.sleep(100);
        }
    }

    /** TERM, as a process manager would: graceful stop; returns the master's exit code. */
    int stop() throws Exception {
        if (process.isAlive()) {
            signal(Libc.SIGTERM);
        }
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the master did not stop on TERM; log:\n" + log());
        }
        return process.exitValue();
    }

    /** Stops the master if a test left it running, and never leaves a worker behind. */
    @Override
    public void close() throws IOException {
        List<ProcessHandle> children = ProcessHandle.of(process.pid()).map(h -> h.children().toList()).orElse(List.of());
        try {
            if (process.isAlive()) {
                signal(Libc.SIGTERM);
                if (!process.waitFor(40, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            for (ProcessHandle c : children) {
                c.destroyForcibly();
            }
        }
    }
}
