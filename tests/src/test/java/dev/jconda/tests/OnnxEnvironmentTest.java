package dev.jconda.tests;

import dev.jconda.tests.JcondaProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

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

        ServedEnvironment.whileServing(jconda, work, "onnx-serving-test", java.util.List.of(), (http, base) -> {
            ServedEnvironment.predictsTheSample(http, base);
            HttpResponse<String> metadata = http.send(HttpRequest.newBuilder(base.resolve("/v2/models/model"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(metadata.body().contains("onnxruntime"), metadata.body());
        });
    }
}
