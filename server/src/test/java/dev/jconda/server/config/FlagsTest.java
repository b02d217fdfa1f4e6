package dev.jconda.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagsTest {
    private static final Path CWD = Path.of("/srv");
    private static final Map<String, String> NO_ENV = Map.of();

    private static ServerOptions parse(Map<String, String> env, String... args) throws UsageError {
        return assertInstanceOf(Flags.Command.Run.class, Flags.parse(List.of(args), env, CWD)).options();
    }

    @Test
    void defaultsFollowGunicorn() throws UsageError {
        ServerOptions o = parse(NO_ENV, "--model", "m.pt");
        assertEquals(1, o.workers());
        assertEquals(new BindAddress("127.0.0.1", 8000), o.bind());
        assertEquals(WorkerClass.SYNC, o.workerClass());
        assertEquals(30, o.timeoutSeconds());
        assertEquals(30, o.gracefulTimeoutSeconds());
        assertEquals(2, o.keepAliveSeconds());
        assertEquals(2048, o.backlog());
        assertEquals(4094, o.limitRequestLine());
        assertEquals(100, o.limitRequestFields());
        assertEquals(1 << 20, o.limitRequestBody());
        assertEquals(Path.of("/srv/m.pt"), o.model());
    }

    @Test
    void acceptsLongShortAttachedAndEqualsForms() throws UsageError {
        ServerOptions o = parse(NO_ENV, "-w", "3", "-b", "0.0.0.0:9000", "--threads=4", "-kvirtual",
                "--max-requests", "100", "--max_requests_jitter=10", "-m", "/models/a.pt", "--limit-request-body", "2k");
        assertEquals(3, o.workers());
        assertEquals(new BindAddress("0.0.0.0", 9000), o.bind());
        assertEquals(4, o.threads());
        assertEquals(WorkerClass.VIRTUAL, o.workerClass());
        assertEquals(100, o.maxRequests());
        assertEquals(10, o.maxRequestsJitter());
        assertEquals(Path.of("/models/a.pt"), o.model());
        assertEquals(2048, o.limitRequestBody());
    }

    @Test
    void lastOccurrenceWins() throws UsageError {
        assertEquals(5, parse(NO_ENV, "-m", "x", "-w", "2", "--workers", "5").workers());
    }

    @Test
    void modelFallsBackToTheEnvironmentDefault() throws UsageError {
        assertEquals(Path.of("/env/model.pt"), parse(Map.of(Flags.DEFAULT_MODEL_ENV, "/env/model.pt")).model());
        UsageError e = assertThrows(UsageError.class, () -> parse(NO_ENV));
        assertTrue(e.getMessage().contains("--model is required"), e.getMessage());
    }

    @Test
    void badFlagsAreOneLineErrors() {
        assertEquals("unrecognized option '--nope'",
                assertThrows(UsageError.class, () -> parse(NO_ENV, "-m", "x", "--nope")).getMessage());
        assertEquals("--workers: expected an integer, got 'two'",
                assertThrows(UsageError.class, () -> parse(NO_ENV, "-m", "x", "-w", "two")).getMessage());
        assertEquals("option '--timeout' requires a value (SECONDS)",
                assertThrows(UsageError.class, () -> parse(NO_ENV, "-m", "x", "--timeout")).getMessage());
        assertThrows(UsageError.class, () -> parse(NO_ENV, "-m", "x", "--worker-class", "gevent"));
        assertThrows(UsageError.class, () -> parse(NO_ENV, "-m", "x", "-b", "localhost"));
        assertThrows(UsageError.class, () -> parse(NO_ENV, "-m", "x", "app:app"));
    }

    @Test
    void configFileComesFirstAndTheCommandLineWins(@TempDir Path dir) throws IOException, UsageError {
        Path conf = dir.resolve("serve.conf");
        Files.writeString(conf, """
                # from environment.yml serve:
                workers = 4
                max_requests=500
                bind: 127.0.0.1:9999
                timeout="60"
                """);
        ServerOptions o = parse(NO_ENV, "-c", conf.toString(), "-m", "x", "-w", "2");
        assertEquals(2, o.workers());
        assertEquals(500, o.maxRequests());
        assertEquals(60, o.timeoutSeconds());
        assertEquals(new BindAddress("127.0.0.1", 9999), o.bind());
        assertEquals(Optional.of(conf), o.config());
    }

    @Test
    void configFileErrorsNameTheLine(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "workers=2\nwarp-speed=9\n");
        UsageError e = assertThrows(UsageError.class, () -> parse(NO_ENV, "-c", conf.toString(), "-m", "x"));
        assertEquals(conf + ":2: unknown setting 'warp-speed'", e.getMessage());
    }

    @Test
    void warmupShapeAlsoBoundsRequestsWithAnyBatch() throws UsageError {
        ServerOptions o = parse(NO_ENV, "-m", "x", "--warmup-shape", "1,4");
        assertTrue(o.requestShape().orElseThrow().matches(new long[] {7, 4}));
        assertTrue(!o.requestShape().orElseThrow().matches(new long[] {1, 3}));
        ServerOptions explicit = parse(NO_ENV, "-m", "x", "--input-shape", "-1,4", "--warmup-shape", "2,4");
        assertEquals("[*, 4]", explicit.requestShape().orElseThrow().describe());
    }

    @Test
    void maxQueueIsOffByDefaultAndTheFullStatusIs503Or429() throws UsageError {
        ServerOptions d = parse(NO_ENV, "-m", "x");
        assertEquals(0, d.maxQueue());
        assertEquals(503, d.queueFullStatus());
        ServerOptions o = parse(NO_ENV, "-m", "x", "--max-queue", "8", "--queue-full-status", "429");
        assertEquals(8, o.maxQueue());
        assertEquals(429, o.queueFullStatus());
        assertEquals("--queue-full-status: expected 503 or 429, got '500'",
                assertThrows(UsageError.class, () -> parse(NO_ENV, "-m", "x", "--queue-full-status", "500")).getMessage());
    }

    @Test
    void namedModelsAddUpAndAPlainPathReplacesTheUnnamedOne() throws UsageError {
        ServerOptions o = parse(NO_ENV, "-m", "a.pt", "--model", "b=/m/b.onnx", "-m", "c.pt", "--model", "b=/m/b2.onnx");
        assertEquals(List.of(new ModelSpec("c", Path.of("/srv/c.pt")), new ModelSpec("b", Path.of("/m/b2.onnx"))),
                o.models());
        assertEquals(Path.of("/srv/c.pt"), o.model(), "the first model is /predict's");
        assertEquals(Path.of("/srv/x=y/m.pt"), parse(NO_ENV, "-m", "/srv/x=y/m.pt").model(), "a path with '='");
        String[] many = new String[34];
        for (int i = 0; i < 17; i++) {
            many[2 * i] = "--model";
            many[2 * i + 1] = "m" + i + "=/m/" + i + ".pt";
        }
        assertEquals("--model: at most 16 models per server, got 17",
                assertThrows(UsageError.class, () -> parse(NO_ENV, many)).getMessage());
    }

    @Test
    void workerArgumentsRoundTrip() throws UsageError {
        ServerOptions o = parse(Map.of(), "-m", "x", "-w", "3", "--api-key", "k", "--warmup-shape", "1,4",
                "--max-queue", "4", "--queue-full-status", "429",
                "--access-logfile", "-", "--worker-java-opts", "-Xmx64m -XX:+UseSerialGC");
        ServerOptions back = parse(Map.of(Flags.API_KEY_ENV, "k"), o.toArgs().toArray(String[]::new));
        assertEquals(o, back);
        assertTrue(o.toArgs().stream().noneMatch(a -> a.contains("api-key")), "the key stays out of argv");
    }

    @Test
    void helpAndVersion() throws UsageError {
        assertInstanceOf(Flags.Command.Help.class, Flags.parse(List.of("--help"), NO_ENV, CWD));
        assertInstanceOf(Flags.Command.Version.class, Flags.parse(List.of("--version"), NO_ENV, CWD));
        assertTrue(Flags.usage().contains("--max-requests-jitter"));
    }
}
