package dev.jconda.tests;

import dev.jconda.tests.JcondaProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ONNX Runtime as the second engine, as a user gets it: the builtin {@code onnxruntime} channel brings DJL's engine
 * and Microsoft's runtime (natives inside its jar) from Maven Central, and {@code jconda run -n onnx-serving serve}
 * answers the sample request with the sample model's own output, with no PyTorch in the environment.
 */
class OnnxEnvironmentTest {
    @TempDir
    Path work;

    @Test
    void onnxChannelEnvironmentServesTheSampleModelWithoutPyTorch() throws Exception {
        Path file = JcondaProcess.REPO_ROOT.resolve("samples/onnx-serving/environment.yml");
        JcondaProcess jconda = new JcondaProcess(LibtorchEnvironmentTest.SHARED_HOME);
        Result create = jconda.run(work, "env", "create", "-f", file.toString(), "-n", "onnx-serving-test",
                "--force", "-y");
        assertEquals(0, create.exitCode(), create.err());
        Path lib = LibtorchEnvironmentTest.SHARED_HOME.resolve("envs/onnx-serving-test/lib");
        try (var jars = Files.list(lib)) {
            var names = jars.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.contains("onnxruntime-1.20.0.jar") && names.contains("onnxruntime-engine-0.32.0.jar"),
                    names.toString());
            assertTrue(names.stream().noneMatch(n -> n.startsWith("pytorch")), names.toString());
        }

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process server = jconda.start(work, "run", "-n", "onnx-serving-test", "serve", "-b", "127.0.0.1:" + port);
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            URI base = URI.create("http://127.0.0.1:" + port);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            int ready = 0;
            while (ready != 200 && System.nanoTime() < deadline && server.isAlive()) {
                try {
                    ready = http.send(HttpRequest.newBuilder(base.resolve("/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (java.io.IOException notYet) {
                    Thread.sleep(200);
                }
            }
            assertEquals(200, ready, "ready: " + Files.readString(jconda.errFile(server)));
            HttpResponse<String> predict = http.send(HttpRequest.newBuilder(base.resolve("/predict"))
                    .POST(HttpRequest.BodyPublishers.ofString(SamplePrediction.request()))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, predict.statusCode(), predict.body());
            SamplePrediction.assertMatchesExpected(predict.body());
            HttpResponse<String> metadata = http.send(HttpRequest.newBuilder(base.resolve("/v2/models/model"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(metadata.body().contains("onnxruntime"), metadata.body());
        } finally {
            server.destroy();
            server.waitFor();
        }
    }
}
