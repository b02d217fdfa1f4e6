package dev.jconda.tests;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jconda image} against a registry, with Debian's docker-registry (the CNCF Distribution registry) on
 * 127.0.0.1: push to {@code REGISTRY/REPO:TAG}, then build on that image as a user's base ({@code --from}) and run
 * the result. Long mode only: two more image builds.
 */
@EnabledIfEnvironmentVariable(named = "JCONDA_LONG_TESTS", matches = "1")
class ImageRegistryTest {
    @TempDir
    Path work;

    @Test
    void pushesToARegistryAndBuildsOnABaseFromIt() throws Exception {
        Assumptions.assumeTrue(DeployFixture.sh(work, "command -v docker-registry && command -v podman", 10)
                .exitCode() == 0, "needs docker-registry and podman (Debian packages)");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = work.resolve("registry.yml");
        Files.writeString(config, """
                version: 0.1
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                """.formatted(work.resolve("registry-data"), port));
        Process registry = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("registry.log").toFile()).start();
        try {
            assertEquals(0, DeployFixture.sh(work, "for i in $(seq 1 50); do curl -sf 127.0.0.1:" + port
                    + "/v2/ >/dev/null && exit 0; sleep 0.2; done; exit 1", 30).exitCode(), "registry up");
            JcondaProcess jconda = DeployFixture.jconda();
            String pushed = "127.0.0.1:" + port + "/jconda/model-serving:1";
            JcondaProcess.Result push = jconda.run(work, "image", "-n", DeployFixture.ENVIRONMENT, "--to", pushed,
                    "--allow-insecure-registries");
            assertEquals(0, push.exitCode(), push.err());
            Matcher digest = Pattern.compile("digest: (sha256:[0-9a-f]{64})").matcher(push.out());
            assertTrue(digest.find(), push.out());
            JcondaProcess.Result inspect = DeployFixture.sh(work, "skopeo inspect --tls-verify=false docker://"
                    + pushed, 60);
            assertEquals(0, inspect.exitCode(), inspect.out());
            assertTrue(inspect.out().contains("\"Digest\": \"" + digest.group(1) + "\""), inspect.out());

            Path archive = work.resolve("on-base.tar");
            JcondaProcess.Result onBase = jconda.run(work, "image", "-n", DeployFixture.ENVIRONMENT, "--from", pushed,
                    "--allow-insecure-registries", "--to", "tar:" + archive, "--image-name",
                    "localhost/jconda-test/on-base:1");
            assertEquals(0, onBase.exitCode(), onBase.err());
            JcondaProcess.Result layers = DeployFixture.sh(work, "skopeo inspect oci-archive:" + archive
                    + " | grep -c '\"sha256:'", 60);
            assertTrue(Integer.parseInt(layers.out().strip()) >= 9, "the base's 5 layers under our 4: "
                    + layers.out());

            Path conf = Files.writeString(work.resolve("containers.conf"), "[containers]\ndefault_ulimits = []\n");
            int serverPort;
            try (ServerSocket s = new ServerSocket(0)) {
                serverPort = s.getLocalPort();
            }
            String podman = "CONTAINERS_CONF=" + conf + " podman --runtime runc ";
            String name = "jconda-registry-test-" + ProcessHandle.current().pid();
            JcondaProcess.Result run = DeployFixture.sh(work, """
                    %1$s load -i %2$s >/dev/null || exit 3
                    %1$s run -d --name %3$s --network host localhost/jconda-test/on-base:1 -b 127.0.0.1:%4$d -w 1 \
                      >/dev/null || exit 4
                    i=0
                    until curl -sf 127.0.0.1:%4$d/ready >/dev/null; do
                      i=$((i+1)); [ $i -gt 240 ] && { %1$s logs %3$s; %1$s rm -f %3$s; exit 5; }; sleep 0.5
                    done
                    echo "predict: $(curl -s --data-binary @%5$s 127.0.0.1:%4$d/predict)"
                    %1$s rm -f %3$s >/dev/null
                    %1$s rmi -f localhost/jconda-test/on-base:1 >/dev/null
                    """.formatted(podman, archive, name, serverPort,
                    JcondaProcess.REPO_ROOT.resolve("samples/model-serving/request.json")), 240);
            assertEquals(0, run.exitCode(), run.out());
            Matcher predict = Pattern.compile("predict: (.*)").matcher(run.out());
            assertTrue(predict.find(), run.out());
            SamplePrediction.assertMatchesExpected(predict.group(1));
        } finally {
            registry.destroy();
            registry.waitFor();
        }
    }
}
