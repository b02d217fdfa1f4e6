package dev.jconda.tests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jconda.deploy.k8s.ManifestYaml;
import dev.jconda.server.master.MemoryLimit;
import dev.jconda.server.master.WorkerHeap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jconda k8s}: the manifests it writes, read back with the same model library, point their probes at the
 * server's endpoints, agree on ports, set limits from serve:, and ask for a GPU exactly when the lock holds a CUDA
 * build. No cluster is available here; {@code helm lint} runs only where Helm is installed, and the lint rules that
 * need no Helm always ({@link ChartRules}).
 */
class KubernetesManifestsTest {
    @TempDir
    Path work;

    @Test
    void manifestsOfTheModelServingEnvironmentAreConsistent() throws Exception {
        JcondaProcess jconda = DeployFixture.jconda();
        Path out = work.resolve("k8s");
        JcondaProcess.Result k8s = jconda.run(work, "k8s", "-n", DeployFixture.ENVIRONMENT, "-o", out.toString());
        assertEquals(0, k8s.exitCode(), k8s.err());

        Deployment deployment = read(out.resolve("manifests/deployment.yaml"), Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container server = pod.getContainers().getFirst();
        assertEquals("/ready", server.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/health", server.getLivenessProbe().getHttpGet().getPath());
        assertEquals("/ready", server.getStartupProbe().getHttpGet().getPath());
        assertTrue(server.getStartupProbe().getFailureThreshold() * server.getStartupProbe().getPeriodSeconds() >= 120,
                "the startup probe leaves minutes for the model to load");
        String portName = server.getPorts().getFirst().getName();
        int port = server.getPorts().getFirst().getContainerPort();
        assertEquals(8000, port, "serve:'s port");
        for (var probe : new io.fabric8.kubernetes.api.model.Probe[] {server.getReadinessProbe(),
                server.getLivenessProbe(), server.getStartupProbe()}) {
            assertEquals(portName, probe.getHttpGet().getPort().getStrVal());
        }
        assertTrue(server.getArgs().contains("--bind=0.0.0.0:" + port), server.getArgs().toString());
        assertTrue(server.getArgs().contains("--workers=2"), "serve:'s flags are the container's: "
                + server.getArgs());
        assertTrue(pod.getTerminationGracePeriodSeconds() > 30, "above the server's --graceful-timeout (30 s)");
        Map<String, Quantity> limits = server.getResources().getLimits();
        assertEquals(new Quantity("2"), limits.get("cpu"), "one core per serve: worker");
        assertNotNull(limits.get("memory"));
        assertEquals(server.getResources().getRequests(), limits, "requests equal limits");
        // the server inside the pod sizes each worker's heap from this limit (its cgroup): serve:'s 2 workers get
        // their full share, with no warning, and more heap than the JVM's default would give them (a quarter of
        // 1284 MiB = 256 + 2 x (512 + 2 x 1), in Mi)
        long model = Files.size(JcondaProcess.REPO_ROOT.resolve("samples/model-serving/model.pt"));
        WorkerHeap.Budgeted budget = WorkerHeap.Budgeted.of(new MemoryLimit(
                limits.get("memory").getNumericalAmount().longValueExact(), "cgroup"), 2, model);
        assertTrue(budget.fits(), budget.describe());
        assertEquals("Memory limit 1284 MiB (cgroup): 2 workers x 321 MiB heap, 96 MiB kept for the master and "
                + "258 MiB per worker for libtorch, the JVM and the model", budget.describe());
        assertNull(limits.get("nvidia.com/gpu"), "a cpu libtorch asks for no GPU");
        assertTrue(pod.getNodeSelector() == null || pod.getNodeSelector().isEmpty(), "no GPU node wanted");
        Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        assertEquals("true", annotations.get("prometheus.io/scrape"));
        assertEquals("/metrics", annotations.get("prometheus.io/path"));
        assertEquals(Integer.toString(port), annotations.get("prometheus.io/port"));
        assertTrue(server.getSecurityContext().getReadOnlyRootFilesystem());
        assertTrue(server.getEnv().stream().anyMatch(e -> e.getName().equals("JCONDA_SERVER_LOG_FORMAT")
                && e.getValue().equals("json")), "JSON logs on stdout for the log shipper");
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());

        Service service = read(out.resolve("manifests/service.yaml"), Service.class);
        assertEquals(port, service.getSpec().getPorts().getFirst().getPort());
        assertEquals(portName, service.getSpec().getPorts().getFirst().getTargetPort().getStrVal());
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()));
        HorizontalPodAutoscaler hpa = read(out.resolve("manifests/hpa.yaml"), HorizontalPodAutoscaler.class);
        assertEquals(deployment.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        PodDisruptionBudget pdb = read(out.resolve("manifests/pdb.yaml"), PodDisruptionBudget.class);
        assertTrue(podLabels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()));

        JsonNode values = ManifestYaml.mapper().readTree(out.resolve("chart/values.yaml").toFile());
        assertTrue(values.get("serverArgs").toString().contains("--workers=2"), values.toString());
        assertEquals("2", values.at("/resources/limits/cpu").asText());
        String template = Files.readString(out.resolve("chart/templates/deployment.yaml"));
        assertTrue(template.contains("args: {{- toYaml .Values.serverArgs | nindent 12 }}"), template);
        assertTrue(template.contains("image: {{ .Values.image | quote }}"), template);
        assertEquals(template.lines().filter(l -> l.contains("{{")).count(), 7, template);

        // the chart with its own values renders (as Helm would) to the plain manifests
        for (var kind : Map.of("deployment.yaml", Deployment.class, "hpa.yaml", HorizontalPodAutoscaler.class,
                "service.yaml", Service.class, "pdb.yaml", PodDisruptionBudget.class).entrySet()) {
            String rendered = HelmLikeRenderer.render(Files.readString(out.resolve("chart/templates/" + kind.getKey())),
                    values);
            assertEquals(read(out.resolve("manifests/" + kind.getKey()), kind.getValue()),
                    ManifestYaml.mapper().readValue(rendered, kind.getValue()), rendered);
        }
    }

    @Test
    void aCudaLockAsksForAnNvidiaGpuAndAGpuNode() throws Exception {
        Path file = work.resolve("environment.yml");
        Files.copy(JcondaProcess.REPO_ROOT.resolve("environment.yml"), file);
        JcondaProcess jconda = new JcondaProcess(LibtorchEnvironmentTest.SHARED_HOME).env("JCONDA_OVERRIDE_CUDA",
                "12.4");
        JcondaProcess.Result lock = jconda.run(work, "lock", "-f", file.toString(), "-p", "linux-64");
        assertEquals(0, lock.exitCode(), lock.err());
        Path out = work.resolve("gpu");
        JcondaProcess.Result k8s = jconda.run(work, "k8s", "-f", work.resolve("jconda-lock.yml").toString(), "-o",
                out.toString(), "--image", "registry.example/ml/model-serving:cu124");
        assertEquals(0, k8s.exitCode(), k8s.err());
        PodSpec pod = read(out.resolve("manifests/deployment.yaml"), Deployment.class).getSpec().getTemplate()
                .getSpec();
        assertEquals(new Quantity("1"), pod.getContainers().getFirst().getResources().getLimits()
                .get("nvidia.com/gpu"));
        assertEquals("true", pod.getNodeSelector().get("nvidia.com/gpu.present"));
        assertEquals("nvidia.com/gpu", pod.getTolerations().getFirst().getKey());
        assertEquals("registry.example/ml/model-serving:cu124", pod.getContainers().getFirst().getImage());
    }

    @Test
    void chartMeetsTheLintRulesThatRunWithoutHelm() throws Exception {
        JcondaProcess jconda = DeployFixture.jconda();
        Path out = work.resolve("k8s");
        assertEquals(0, jconda.run(work, "k8s", "-n", DeployFixture.ENVIRONMENT, "-o", out.toString()).exitCode());
        assertEquals(List.of(), ChartRules.problems(out.resolve("chart")));
        // helm lint's check of rendered objects: names the API server takes (DNS-1123 labels)
        for (String file : List.of("deployment.yaml", "service.yaml", "hpa.yaml", "pdb.yaml")) {
            String name = ManifestYaml.mapper().readTree(out.resolve("manifests/" + file).toFile())
                    .at("/metadata/name").asText();
            assertTrue(name.length() <= 63 && name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), file + ": " + name);
        }

        // the rules catch what they are for: a chart broken in each way
        Path broken = Files.createDirectories(work.resolve("broken/templates"));
        Files.writeString(broken.resolve("../Chart.yaml").normalize(),
                "apiVersion: v3\nname: Model_Serving\nversion: 1.0\nappVersion: 2\nhelmVersion: x\n");
        Files.writeString(broken.resolve("../values.yaml").normalize(), "image: a\nunused: 1\n");
        Files.writeString(broken.resolve("deployment.yaml"),
                "image: {{ .Values.image | quote }}\nreplicas: {{ .Values.replicaCount }}\n");
        assertEquals(List.of("Chart.yaml: unknown field helmVersion",
                "Chart.yaml: apiVersion must be v1 or v2, not 'v3'",
                "Chart.yaml: name 'Model_Serving' must be lowercase letters, digits and dashes",
                "Chart.yaml: version '1.0' is not a SemVer string",
                "Chart.yaml: appVersion must be a string",
                "templates/deployment.yaml: .Values.replicaCount is not in values.yaml",
                "values.yaml: unused is read by no template"), ChartRules.problems(broken.getParent()));
    }

    @Test
    void chartPassesHelmLintWhereHelmIsInstalled() throws Exception {
        Assumptions.assumeTrue(DeployFixture.sh(work, "command -v helm", 10).exitCode() == 0,
                "helm is not installed here (no Debian package); ChartRules and HelmLikeRenderer checked the chart");
        JcondaProcess jconda = DeployFixture.jconda();
        Path out = work.resolve("k8s");
        assertEquals(0, jconda.run(work, "k8s", "-n", DeployFixture.ENVIRONMENT, "-o", out.toString()).exitCode());
        JcondaProcess.Result lint = DeployFixture.sh(work, "helm lint " + out.resolve("chart"), 60);
        assertEquals(0, lint.exitCode(), lint.out());
    }

    private static <T> T read(Path file, Class<T> type) throws java.io.IOException {
        return ManifestYaml.mapper().readValue(file.toFile(), type);
    }
}
