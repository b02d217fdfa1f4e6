package dev.jconda.tests;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jconda pack}, as conda-pack is used: pack the model-serving environment, unpack it into another folder, and
 * serve the sample model from there in a network namespace of its own (no network at all, no jconda on the path).
 */
class PackTest {
    @TempDir
    Path work;

    @Test
    void packedEnvironmentServesFromAnotherFolderWithNoNetwork() throws Exception {
        Assumptions.assumeTrue(new ProcessBuilder("unshare", "-n", "true").start().waitFor() == 0,
                "needs `unshare -n` (root, as in CI) to take the network away");
        JcondaProcess jconda = DeployFixture.jconda();
        Path archive = work.resolve("model-serving.tar.gz");
        JcondaProcess.Result pack = jconda.run(work, "pack", "-n", DeployFixture.ENVIRONMENT, "-o", archive.toString());
        assertEquals(0, pack.exitCode(), pack.err());
        assertTrue(pack.out().contains("Packed " + DeployFixture.ENVIRONMENT), pack.out());

        Path unpacked = Files.createDirectories(work.resolve("elsewhere/app"));
        JcondaProcess.Result untar = DeployFixture.sh(unpacked, "tar -xzf " + archive, 60);
        assertEquals(0, untar.exitCode(), untar.out());
        Path prefix = LibtorchEnvironmentTest.SHARED_HOME.resolve("envs").resolve(DeployFixture.ENVIRONMENT);
        for (String file : new String[] {"bin/serve", "activate", "jconda-meta/serve.conf"}) {
            assertFalse(Files.readString(unpacked.resolve(file)).contains(prefix.toString()),
                    file + " must not name the original environment's folder");
        }
        assertTrue(Files.isRegularFile(unpacked.resolve("jconda-meta/lock.yml")), "the lock travels along");
        assertTrue(Files.isRegularFile(unpacked.resolve("model/model.pt")), "the serve: model travels along");
        assertTrue(Files.isExecutable(unpacked.resolve("jdk/bin/java")), "a runtime of the locked JDK");
        assertTrue(Files.isRegularFile(unpacked.resolve("lib/native/libtorch_cpu.so")), "libtorch");

        // A fresh network namespace has only a loopback device, down until brought up: no route out at all.
        String script = """
                ip link set lo up
                env -i PATH=/usr/bin:/bin ./bin/serve -b 127.0.0.1:8765 -w 1 > serve.log 2>&1 &
                pid=$!
                i=0
                until curl -sf 127.0.0.1:8765/ready > /dev/null; do
                  i=$((i+1)); [ $i -gt 240 ] && { echo "not ready"; cat serve.log; kill $pid; exit 1; }; sleep 0.5
                done
                echo "reach-out: $(curl -s -m 2 -o /dev/null -w '%%{http_code}' https://repo1.maven.org/ || true)"
                echo "predict: $(curl -s --data-binary @%s 127.0.0.1:8765/predict)"
                kill -TERM $pid; wait $pid; echo "exit: $?"
                """.formatted(JcondaProcess.REPO_ROOT.resolve("samples/model-serving/request.json"));
        // activate, sourced from elsewhere, puts the pack's own runtime first
        JcondaProcess.Result activated = DeployFixture.sh(work, "env -i PATH=/usr/bin:/bin bash -c '. " + unpacked
                + "/activate && command -v java && echo \"$JAVA_HOME\" && java -version'", 60);
        assertEquals(0, activated.exitCode(), activated.out());
        assertTrue(activated.out().startsWith(unpacked.resolve("jdk/bin/java") + "\n" + unpacked.resolve("jdk")),
                activated.out());

        JcondaProcess.Result served = DeployFixture.sh(unpacked, script, 180, "unshare", "-n");
        assertEquals(0, served.exitCode(), served.out());
        assertTrue(served.out().contains("reach-out: 000"), "no network inside: " + served.out());
        Matcher predict = Pattern.compile("predict: (.*)").matcher(served.out());
        assertTrue(predict.find(), served.out());
        SamplePrediction.assertMatchesExpected(predict.group(1));
        assertTrue(served.out().contains("exit: 0"), "TERM stops it cleanly: " + served.out());
    }
}
