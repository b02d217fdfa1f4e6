package dev.jconda.tests;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jconda image}: the model-serving environment as an OCI image built without a daemon, loaded and run by
 * podman (runc, host network, no default ulimits: what works in this sandbox), asked for a prediction, stopped
 * with SIGTERM; and built a second time from nothing cached, to the same digest.
 */
class ImageTest {
    private static final Pattern DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64})");

    @TempDir
    Path work;

    @Test
    void imageRunsUnderPodmanAndRebuildsToTheSameDigest() throws Exception {
        JcondaProcess jconda = DeployFixture.jconda();
        Path layerCache = LibtorchEnvironmentTest.SHARED_HOME.resolve("cache");
        Path archive = work.resolve("image.tar");
        JcondaProcess.Result image = jconda.run(work, "image", "-n", DeployFixture.ENVIRONMENT, "--to",
                "tar:" + archive, "--image-name", "localhost/jconda-test/model-serving:test");
        assertEquals(0, image.exitCode(), image.err());
        String digest = digest(image.out());

        // Again from nothing cached (runtime re-linked, every layer re-made), into an OCI layout folder.
        deleteCaches(layerCache);
        Path layout = work.resolve("layout");
        JcondaProcess.Result again = jconda.run(work, "image", "-n", DeployFixture.ENVIRONMENT, "--to",
                "oci:" + layout, "--image-name", "localhost/jconda-test/model-serving:test");
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(digest, digest(again.out()), "the same environment builds to the same image digest");
        JcondaProcess.Result inspect = DeployFixture.sh(work, "skopeo inspect oci:" + layout, 60);
        if (inspect.exitCode() != 127) {   // skopeo installed
            assertEquals(0, inspect.exitCode(), inspect.out());
            assertTrue(inspect.out().contains("\"Digest\": \"" + digest + "\""), inspect.out());
            String lockHash = Files.readString(LibtorchEnvironmentTest.SHARED_HOME.resolve("envs")
                    .resolve(DeployFixture.ENVIRONMENT).resolve("jconda-meta/lock.yml")).lines()
                    .filter(l -> l.startsWith("inputs-hash: ")).findFirst().orElseThrow().substring(13);
            assertTrue(inspect.out().contains("\"dev.jconda.lock.inputs-hash\": \"" + lockHash + "\""),
                    inspect.out());
            String layers = inspect.out().substring(inspect.out().indexOf("\"Layers\": ["));
            layers = layers.substring(0, layers.indexOf(']'));
            assertEquals(5, Pattern.compile("sha256:[0-9a-f]{64}").matcher(layers).results().count(),
                    "base, runtime, natives, dependencies, application: " + inspect.out());
        }

        Assumptions.assumeTrue(DeployFixture.sh(work, "command -v podman", 10).exitCode() == 0,
                "podman is not installed: the image was built (twice, to the same digest) but not run; "
                        + "run-tests installs podman and runc");
        Path conf = work.resolve("containers.conf");
        Files.writeString(conf, "[containers]\ndefault_ulimits = []\n");
        String podman = "CONTAINERS_CONF=" + conf + " podman --runtime runc ";
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String name = "jconda-image-test-" + ProcessHandle.current().pid();
        String script = """
                set -u
                %1$s load -i %2$s >/dev/null || exit 3
                echo "user: $(%1$s image inspect --format '{{.Config.User}}' localhost/jconda-test/model-serving:test)"
                echo "port: $(%1$s image inspect --format '{{json .Config.ExposedPorts}}' localhost/jconda-test/model-serving:test)"
                %1$s run -d --name %3$s --network host --cpus=1 --memory=768m -e JCONDA_SERVER_LOG_FORMAT=json \
                  localhost/jconda-test/model-serving:test -b 127.0.0.1:%4$d -w auto >/dev/null || exit 4
                i=0
                until curl -sf 127.0.0.1:%4$d/ready > /dev/null; do
                  i=$((i+1))
                  if [ $i -gt 240 ]; then echo "not ready"; %1$s logs %3$s; %1$s rm -f %3$s; exit 5; fi
                  sleep 0.5
                done
                echo "predict: $(curl -s --data-binary @%5$s 127.0.0.1:%4$d/predict)"
                echo "processes:"
                %1$s top %3$s args
                echo "end of processes"
                start=$(date +%%s)
                %1$s kill --signal TERM %3$s >/dev/null
                echo "stopped: $(%1$s wait %3$s) after $(( $(date +%%s) - start )) s"
                echo "stdout:"
                %1$s logs %3$s 2>/dev/null
                %1$s rm -f %3$s >/dev/null
                %1$s rmi -f localhost/jconda-test/model-serving:test >/dev/null
                """.formatted(podman, archive, name, port,
                JcondaProcess.REPO_ROOT.resolve("samples/model-serving/request.json"));
        JcondaProcess.Result run = DeployFixture.sh(work, script, 240);
        assertEquals(0, run.exitCode(), run.out());
        assertTrue(run.out().contains("user: 65532:65532"), "runs as an unprivileged user: " + run.out());
        assertTrue(run.out().contains("\"8000/tcp\""), "exposes serve:'s port: " + run.out());
        Matcher predict = Pattern.compile("predict: (.*)").matcher(run.out());
        assertTrue(predict.find(), run.out());
        SamplePrediction.assertMatchesExpected(predict.group(1));
        Matcher stopped = Pattern.compile("stopped: (\\d+) after (\\d+) s").matcher(run.out());
        assertTrue(stopped.find(), run.out());
        assertEquals("0", stopped.group(1), "SIGTERM ends the server with exit code 0: " + run.out());
        assertTrue(Integer.parseInt(stopped.group(2)) <= 10, "and promptly: " + run.out());
        // stdout: the server's log as one JSON object a line; `-w auto` under a 1-CPU quota starts one worker
        List<String> stdout = run.out().substring(run.out().indexOf("stdout:\n") + 8).lines()
                .filter(l -> !l.isBlank()).toList();
        assertTrue(stdout.size() >= 4, run.out());
        for (String line : stdout) {
            assertTrue(line.matches("\\{\"time\":\"[^\"]+\",\"pid\":\\d+,\"level\":\"[A-Z]+\",\"message\":\".*\"}"),
                    "a JSON log line: " + line);
        }
        assertEquals(1, stdout.stream().filter(l -> l.contains("\"message\":\"Worker ready (pid: ")).count(),
                "one worker for one CPU of quota: " + run.out());
        // --memory=768m (jconda k8s asks 770Mi for one worker: 256 + 512 + 2 x the model rounded up) is the
        // container's cgroup limit; the master sizes the worker's heap from it: min(768/2, 768 - 96 - 258) = 384 MiB
        assertEquals(1, stdout.stream().filter(l -> l.contains("\"message\":\"Memory limit 768 MiB (cgroup): "
                + "1 worker x 384 MiB heap, 96 MiB kept for the master")).count(), "said once: " + run.out());
        String processes = run.out().substring(run.out().indexOf("processes:\n"),
                run.out().indexOf("end of processes"));
        List<String> java = processes.lines().filter(l -> l.contains("dev.jconda.server.Main")).toList();
        assertEquals(2, java.size(), "a master and a worker: " + processes);
        assertTrue(java.stream().anyMatch(l -> l.contains(" -Xmx64m ") && !l.contains("--jconda-worker")),
                "the master with a small heap: " + processes);
        assertTrue(java.stream().anyMatch(l -> l.contains(" -Xmx384m ") && l.contains("--jconda-worker")),
                "the worker with its share: " + processes);

    }

    private static String digest(String out) {
        Matcher m = DIGEST.matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    private static void deleteCaches(Path cache) {
        dev.jconda.prefix.PrefixInstaller.deleteTree(cache.resolve("image-layers"));
        dev.jconda.prefix.PrefixInstaller.deleteTree(cache.resolve("runtimes"));
    }
}
