package dev.jconda.tests;

import dev.jconda.tests.JcondaProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

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

        ServedEnvironment.whileServing(jconda, work, "model-serving-serve", java.util.List.of("-w", "1"),
                ServedEnvironment::predictsTheSample);
    }
}
