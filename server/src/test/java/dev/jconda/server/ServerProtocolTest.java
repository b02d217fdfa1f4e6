package dev.jconda.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jconda.server.json.Json;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Open Inference Protocol (KServe v2) routes, two models in one server, and dynamic batching, against one real
 * master: one worker serving the sample model as "model", again as "second", and exported to ONNX as "onnx" (run by
 * ONNX Runtime, chosen by the file type), with batches of up to 16 requests
 * gathered for 20 ms, logging at debug.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerProtocolTest {
    private static final String SAMPLE_ROW = "[5.1, 3.5, 1.4, 0.2]";
    private ServerProcess server;
    private List<Double> expected;

    @BeforeAll
    void start() throws Exception {
        server = ServerProcess.start("protocol", 1, null, "-w", "1", "--model", "second=" + ServerProcess.MODEL,
                "--model", "onnx=" + ServerProcess.REPO.resolve("server/src/test/resources/onnx/model.onnx"),
                "--warmup-shape", "1,4", "--max-batch-size", "16", "--max-batch-delay", "20", "--log-level", "debug");
        Map<?, ?> want = (Map<?, ?>) Json.parse(Files.readString(ServerProcess.EXPECTED));
        expected = doubles((List<?>) ((List<?>) want.get("result")).getFirst());
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            assertEquals(0, server.stop());
        }
    }

    private static List<Double> doubles(List<?> values) {
        return values.stream().map(v -> (Double) v).toList();
    }

    private static void assertClose(List<Double> want, List<Double> got, String what) {
        assertEquals(want.size(), got.size(), what);
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i), got.get(i), 1e-5, what + "[" + i + "]");
        }
    }

    private static Map<?, ?> json(HttpResponse<String> r) throws Exception {
        return (Map<?, ?>) Json.parse(r.body());
    }

    private static String inferBody(String id, String shape, String datatype, String data) {
        return "{\"id\": \"" + id + "\", \"inputs\": [{\"name\": \"input__0\", \"shape\": " + shape
                + ", \"datatype\": \"" + datatype + "\", \"data\": " + data + "}]}";
    }

    @Test
    void libraryLogsGoThroughTheServerLogAtDebug() throws Exception {
        String log = server.log();
        assertTrue(log.lines().anyMatch(l -> l.matches("\\[.*] \\[\\d+] \\[DEBUG] \\[ai\\.djl\\..*")), log);
        assertTrue(log.contains("[INFO] Models model, second, onnx on cpu, PyTorch 2.5.1; cpu, OnnxRuntime "), log);
    }

    @Test
    void v2HealthAndModelMetadata() throws Exception {
        HttpResponse<String> live = server.get("/v2/health/live");
        assertEquals(200, live.statusCode());
        assertEquals(true, json(live).get("live"));
        assertEquals(true, json(server.get("/v2/health/ready")).get("ready"));
        assertEquals("jconda-server", json(server.get("/v2")).get("name"));

        Map<?, ?> meta = json(server.get("/v2/models/model"));
        assertEquals("model", meta.get("name"));
        Map<?, ?> input = (Map<?, ?>) ((List<?>) meta.get("inputs")).getFirst();
        assertEquals("FP32", input.get("datatype"));
        assertEquals(List.of(-1.0, 4.0), input.get("shape"));
        Map<?, ?> output = (Map<?, ?>) ((List<?>) meta.get("outputs")).getFirst();
        assertEquals(List.of(-1.0, 3.0), output.get("shape"));
        HttpResponse<String> ready = server.get("/v2/models/second/ready");
        assertEquals(200, ready.statusCode());
        assertEquals("second", json(ready).get("name"));
        assertEquals(404, server.get("/v2/models/nope").statusCode());
    }

    @Test
    void v2InferTakesFlatOrNestedTypedTensorsAndAnswersFlatOutputs() throws Exception {
        for (String data : new String[] {"[5.1, 3.5, 1.4, 0.2]", "[" + SAMPLE_ROW + "]"}) {
            HttpResponse<String> r = server.post("/v2/models/model/infer", inferBody("r1", "[1, 4]", "FP32", data));
            assertEquals(200, r.statusCode(), r.body());
            Map<?, ?> body = json(r);
            assertEquals("model", body.get("model_name"));
            assertEquals("r1", body.get("id"));
            Map<?, ?> out = (Map<?, ?>) ((List<?>) body.get("outputs")).getFirst();
            assertEquals("FP32", out.get("datatype"));
            assertEquals(List.of(1.0, 3.0), out.get("shape"));
            assertClose(expected, doubles((List<?>) out.get("data")), "v2 output " + data);
        }
        HttpResponse<String> ints = server.post("/v2/models/second/infer",
                inferBody("r2", "[2, 4]", "INT32", "[1, 2, 3, 4, 5, 6, 7, 8]"));
        assertEquals(200, ints.statusCode(), ints.body());

        HttpResponse<String> strings = server.post("/v2/models/model/infer", inferBody("x", "[1]", "BYTES", "[1]"));
        assertEquals(400, strings.statusCode());
        assertTrue(strings.body().contains("datatype BYTES"), strings.body());
        HttpResponse<String> mismatch = server.post("/v2/models/model/infer",
                inferBody("x", "[2, 4]", "FP32", "[1, 2, 3, 4]"));
        assertEquals(400, mismatch.statusCode());
        assertTrue(mismatch.body().contains("8 elements) but 4 values"), mismatch.body());
        HttpResponse<String> wrongShape = server.post("/v2/models/model/infer",
                inferBody("x", "[1, 3]", "FP32", "[1, 2, 3]"));
        assertEquals(400, wrongShape.statusCode());
        assertEquals(404, server.post("/v2/models/nope/infer", inferBody("x", "[1, 4]", "FP32", SAMPLE_ROW)).statusCode());
        assertEquals(405, server.get("/v2/models/model/infer").statusCode());
    }

    @Test
    void eachModelHasItsRouteAndItsMetrics() throws Exception {
        double before = server.metric("jconda_model_requests_total{model=\"second\"}");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = server.post("/predictions/second", "{\"input\": [" + SAMPLE_ROW + "]}");
            assertEquals(200, r.statusCode(), r.body());
            assertClose(expected, doubles((List<?>) ((List<?>) json(r).get("result")).getFirst()), "second");
        }
        assertEquals(before + 3, server.metric("jconda_model_requests_total{model=\"second\"}"));
        assertTrue(server.metric("jconda_model_requests_total{model=\"model\"}") >= 0);
        assertTrue(server.metric("jconda_model_inference_seconds_total{model=\"second\"}") > 0);
        HttpResponse<String> unknown = server.post("/predictions/nope", "{\"input\": [" + SAMPLE_ROW + "]}");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("model, second"), unknown.body());
    }

    @Test
    void anOnnxFileRunsOnOnnxRuntimeAndAnswersWhatPyTorchComputed() throws Exception {
        HttpResponse<String> r = server.post("/predictions/onnx", Files.readString(ServerProcess.REQUEST));
        assertEquals(200, r.statusCode(), r.body());
        assertClose(expected, doubles((List<?>) ((List<?>) json(r).get("result")).getFirst()), "onnx");
        HttpResponse<String> batch = server.post("/v2/models/onnx/infer",
                inferBody("o", "[2, 4]", "FP32", "[" + SAMPLE_ROW + ", " + SAMPLE_ROW + "]"));
        assertEquals(200, batch.statusCode(), batch.body());
        Map<?, ?> out = (Map<?, ?>) ((List<?>) json(batch).get("outputs")).getFirst();
        assertEquals(List.of(2.0, 3.0), out.get("shape"));
        assertEquals("onnxruntime_onnx", json(server.get("/v2/models/onnx")).get("platform"));
        assertEquals("pytorch_torchscript", json(server.get("/v2/models/model")).get("platform"));
    }

    @Test
    void concurrentRequestsAreBatchedAndAnsweredAsIfAlone() throws Exception {
        int clients = 32;
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            bodies.add("{\"input\": [[" + (4 + i * 0.1) + ", " + (3 - i * 0.05) + ", " + (1 + i * 0.2) + ", " + (i * 0.07)
                    + "]]}");
        }
        // One at a time first: every forward pass holds one request.
        List<String> alone = new ArrayList<>();
        for (String body : bodies) {
            HttpResponse<String> r = server.post("/predict", body);
            assertEquals(200, r.statusCode(), r.body());
            alone.add(r.body());
        }
        double batchesBefore = server.metric("jconda_batch_size_count");
        double requestsBefore = server.metric("jconda_batch_size_sum");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String body : bodies) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return server.post("/predict", body);
                }));
            }
            go.countDown();
            for (int i = 0; i < clients; i++) {
                HttpResponse<String> r = answers.get(i).get();
                assertEquals(200, r.statusCode(), r.body());
                List<?> got = (List<?>) ((List<?>) json(r).get("result")).getFirst();
                List<?> want = (List<?>) ((List<?>) ((Map<?, ?>) Json.parse(alone.get(i))).get("result")).getFirst();
                assertClose(doubles(want), doubles(got), "request " + i);
            }
        }
        double batches = server.metric("jconda_batch_size_count") - batchesBefore;
        double requests = server.metric("jconda_batch_size_sum") - requestsBefore;
        System.out.printf("batching: %d concurrent requests in %.0f forward passes%n", clients, batches);
        assertEquals(clients, requests, "every request went through the batcher");
        assertTrue(batches < clients, "some forward pass served several requests: " + batches + " passes");
    }
}
