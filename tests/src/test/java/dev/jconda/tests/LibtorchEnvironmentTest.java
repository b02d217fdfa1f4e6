package dev.jconda.tests;

import dev.jconda.tests.JcondaProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The root environment.yml with the real cpu libtorch from Maven Central (about 110 MB, kept between runs in
 * {@code ~/.cache/jconda-tests}), and DJL loading it inside the environment with no network at all.
 */
class LibtorchEnvironmentTest {
    static final Path SHARED_HOME = Path.of(System.getProperty("user.home"), ".cache", "jconda-tests");

    @TempDir
    Path work;

    @Test
    void modelServingEnvironmentLoadsLibtorchOfflineThroughDjl() throws Exception {
        Path file = work.resolve("environment.yml");
        Files.copy(JcondaProcess.REPO_ROOT.resolve("environment.yml"), file);
        JcondaProcess jconda = new JcondaProcess(SHARED_HOME);
        Result create = jconda.run(work, "env", "create", "-f", file.toString(), "-n", "model-serving-test",
                "--force");
        assertEquals(0, create.exitCode(), create.err());
        Path nativeLib = SHARED_HOME.resolve("envs/model-serving-test/lib/native");
        assertTrue(Files.isRegularFile(nativeLib.resolve("libtorch_cpu.so")), "cpu libtorch installed");
        assertTrue(Files.isRegularFile(nativeLib.resolve("libdjl_torch.so")), "its JNI library beside it");

        // No network namespace at all where unshare works (root, as in CI); DJL's site is unreachable either way.
        boolean isolated = new ProcessBuilder("unshare", "-n", "true").start().waitFor() == 0;
        String check = JcondaProcess.REPO_ROOT.resolve("tests/src/test/resources/DjlLoadCheck.java").toString();
        String model = JcondaProcess.REPO_ROOT.resolve("samples/model-serving/model.pt").toString();
        String java = "java -Dhttps.proxyHost=127.0.0.1 -Dhttps.proxyPort=9 " + check + " " + model;
        Result run = jconda.run(work, "run", "-n", "model-serving-test", "--", "sh", "-c",
                (isolated ? "unshare -n " : "") + java);
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("engine=PyTorch version=2.5.1"), run.out());
        assertTrue(run.out().contains("library.path=" + nativeLib), run.out());
        Matcher out = Pattern.compile("output=\\[([^]]+)]").matcher(run.out());
        assertTrue(out.find(), run.out());
        String expected = Files.readString(JcondaProcess.REPO_ROOT.resolve("samples/model-serving/expected.json"));
        Matcher exp = Pattern.compile("\\[\\[([^]]+)]]").matcher(expected);
        assertTrue(exp.find(), expected);
        String[] got = out.group(1).split(",\\s*");
        String[] want = exp.group(1).split(",\\s*");
        assertEquals(want.length, got.length);
        for (int i = 0; i < got.length; i++) {
            assertEquals(Double.parseDouble(want[i]), Double.parseDouble(got[i]), 1e-5, "output " + i);
        }
    }

    @Test
    void cudaOverrideLocksTheCu124BuildWithoutDownloadingIt() throws Exception {
        Path file = work.resolve("environment.yml");
        Files.copy(JcondaProcess.REPO_ROOT.resolve("environment.yml"), file);
        Path home = work.resolve("home");
        Result lock = new JcondaProcess(home).env("JCONDA_OVERRIDE_CUDA", "12.4")
                .run(work, "lock", "-f", file.toString(), "-p", "linux-64");
        assertEquals(0, lock.exitCode(), lock.err());
        String text = Files.readString(work.resolve("jconda-lock.yml"));
        assertTrue(text.contains("coordinates: ai.djl.pytorch:pytorch-native-cu124:jar:linux-x86_64:2.5.1"), text);
        assertTrue(text.contains("extract: jnilib/linux-x86_64/cu124/"), text);
        try (var s = Files.walk(home)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("pytorch-native-cu124")),
                    "the 2.3 GB CUDA build was not downloaded");
        }
    }
}
