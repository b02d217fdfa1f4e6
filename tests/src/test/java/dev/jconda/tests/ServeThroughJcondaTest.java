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

/**
 * The README's main job, as a user runs it: create the default environment from the root environment.yml, then
 * {@code jconda run -n model-serving serve}, and ask the sample model for a prediction over real HTTP.
 */
class ServeThroughJcondaTest {
    @TempDir
    Path work;

    @Test
    void defaultEnvironmentServesTheSampleModel() throws Exception {
        Path file = JcondaProcess.REPO_ROOT.resolve("environment.yml");
        JcondaProcess jconda = new JcondaProcess(LibtorchEnvironmentTest.SHARED_HOME);
        Result create = jconda.run(work, "env", "create", "-f", file.toString(), "-n", "model-serving-serve",
                "--force");
        assertEquals(0, create.exitCode(), create.err());

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process server = jconda.start(work, "run", "-n", "model-serving-serve", "serve", "-b", "127.0.0.1:" + port,
                "-w", "1");
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
            String body = Files.readString(JcondaProcess.REPO_ROOT.resolve("samples/model-serving/request.json"));
            HttpResponse<String> predict = http.send(HttpRequest.newBuilder(base.resolve("/predict"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, predict.statusCode(), predict.body());
            SamplePrediction.assertMatchesExpected(predict.body());
        } finally {
            server.destroy();
            server.waitFor();
        }
    }
}
