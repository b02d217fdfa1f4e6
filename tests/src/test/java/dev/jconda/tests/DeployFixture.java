package dev.jconda.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The default model-serving environment (root environment.yml, real cpu libtorch from Maven Central) that the pack,
 * image and Kubernetes tests deploy; made once per test run in the shared test home, whose package cache keeps
 * libtorch between runs.
 */
final class DeployFixture {
    static final String ENVIRONMENT = "model-serving-deploy";
    private static boolean created;

    private DeployFixture() {
    }

    static synchronized JcondaProcess jconda() throws IOException, InterruptedException {
        JcondaProcess jconda = new JcondaProcess(LibtorchEnvironmentTest.SHARED_HOME);
        if (!created) {
            Path work = Files.createDirectories(LibtorchEnvironmentTest.SHARED_HOME.resolveSibling("deploy-work"));
            JcondaProcess.Result create = jconda.run(work, "env", "create", "-f",
                    JcondaProcess.REPO_ROOT.resolve("environment.yml").toString(), "-n", ENVIRONMENT, "--force");
            assertEquals(0, create.exitCode(), create.err());
            created = true;
        }
        return jconda;
    }

    /** Runs a shell script, returning its exit code and output (stdout and stderr together). */
    static JcondaProcess.Result sh(Path dir, String script, int timeoutSeconds, String... prefix)
            throws IOException, InterruptedException {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(prefix));
        cmd.addAll(java.util.List.of("sh", "-c", script));
        Path log = Files.createTempFile(dir, "sh", ".log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("did not finish in " + timeoutSeconds + " s: " + script + "\n"
                    + Files.readString(log));
        }
        return new JcondaProcess.Result(p.exitValue(), Files.readString(log), "");
    }
}
