package dev.jconda.deploy.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kubernetes objects that run an environment's image, as fabric8's typed model (so a misspelt field cannot be
 * written): a Deployment whose probes are the server's own endpoints, a Service, a HorizontalPodAutoscaler on CPU,
 * a PodDisruptionBudget, and Prometheus's scrape annotations for {@code /metrics}.
 */
public record KubernetesManifests(Deployment deployment, Service service, HorizontalPodAutoscaler autoscaler,
                                  PodDisruptionBudget disruptionBudget) {
    public static final String READY_PATH = "/ready";
    public static final String HEALTH_PATH = "/health";
    public static final String METRICS_PATH = "/metrics";
    public static final String PORT_NAME = "http";
    /** NVIDIA's device plugin resource and the label its GPU feature discovery puts on GPU nodes. */
    public static final String GPU_RESOURCE = "nvidia.com/gpu";
    public static final String GPU_NODE_LABEL = "nvidia.com/gpu.present";
    /** The image's unprivileged user (see the image builder). */
    static final long USER = 65532;

    public static KubernetesManifests of(WorkloadSettings s) {
        Map<String, String> selector = Map.of("app.kubernetes.io/name", s.name());
        Map<String, String> labels = new LinkedHashMap<>(selector);
        labels.put("app.kubernetes.io/component", "model-server");
        labels.put("app.kubernetes.io/managed-by", "jconda");
        Map<String, String> scrape = new LinkedHashMap<>();
        scrape.put("prometheus.io/scrape", "true");
        scrape.put("prometheus.io/port", Integer.toString(s.port()));
        scrape.put("prometheus.io/path", METRICS_PATH);
        Map<String, String> annotations = new LinkedHashMap<>(scrape);
        annotations.put("dev.jconda.lock.inputs-hash", s.inputsHash() == null ? "" : s.inputsHash());

        Deployment deployment = new DeploymentBuilder()
                .withMetadata(meta(s.name(), labels))
                .withNewSpec()
                    .withReplicas(s.replicas())
                    .withNewSelector().withMatchLabels(selector).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).withAnnotations(annotations).endMetadata()
                        .withNewSpec()
                            .withTerminationGracePeriodSeconds(s.terminationGracePeriodSeconds())
                            .withNewSecurityContext()
                                .withRunAsNonRoot(true).withRunAsUser(USER).withRunAsGroup(USER).withFsGroup(USER)
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .endSecurityContext()
                            .withContainers(container(s))
                            // the root file system is read-only; the JVM and DJL write to /tmp
                            .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                            .withNodeSelector(s.cuda().isPresent() ? Map.of(GPU_NODE_LABEL, "true") : null)
                            .withTolerations(s.cuda().isPresent()
                                    ? java.util.List.of(new io.fabric8.kubernetes.api.model.TolerationBuilder()
                                            .withKey(GPU_RESOURCE).withOperator("Exists").withEffect("NoSchedule")
                                            .build())
                                    : null)
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();

        Service service = new ServiceBuilder()
                .withMetadata(meta(s.name(), labels))
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(selector)
                    .addNewPort().withName(PORT_NAME).withPort(s.port()).withTargetPort(new IntOrString(PORT_NAME))
                        .withProtocol("TCP").endPort()
                .endSpec()
                .build();

        HorizontalPodAutoscaler autoscaler = new HorizontalPodAutoscalerBuilder()
                .withMetadata(meta(s.name(), labels))
                .withNewSpec()
                    .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(s.name())
                        .endScaleTargetRef()
                    .withMinReplicas(s.replicas())
                    .withMaxReplicas(s.maxReplicas())
                    .addNewMetric().withType("Resource")
                        .withNewResource().withName("cpu")
                            .withNewTarget().withType("Utilization").withAverageUtilization(s.targetCpuPercent())
                            .endTarget()
                        .endResource()
                    .endMetric()
                .endSpec()
                .build();

        PodDisruptionBudget budget = new PodDisruptionBudgetBuilder()
                .withMetadata(meta(s.name(), labels))
                .withNewSpec()
                    // a voluntary eviction (a node drain) takes at most one replica at a time
                    .withMaxUnavailable(new IntOrString(1))
                    .withNewSelector().withMatchLabels(selector).endSelector()
                .endSpec()
                .build();
        return new KubernetesManifests(deployment, service, autoscaler, budget);
    }

    private static Container container(WorkloadSettings s) {
        return new ContainerBuilder()
                .withName("server")
                .withImage(s.image())
                .withArgs(s.serverArgs())
                // one JSON object a line on stdout, for the cluster's log shipper (Loki, ELK)
                .addNewEnv().withName("JCONDA_SERVER_LOG_FORMAT").withValue("json").endEnv()
                .addNewPort().withName(PORT_NAME).withContainerPort(s.port()).withProtocol("TCP").endPort()
                // until one worker has loaded the model and warmed up; then liveness and readiness take over
                .withStartupProbe(probe(READY_PATH, 5, 60, 2))
                .withReadinessProbe(probe(READY_PATH, 5, 2, 2))
                .withLivenessProbe(probe(HEALTH_PATH, 10, 3, 5))
                .withResources(resources(s))
                .withNewSecurityContext()
                    .withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                    .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .build();
    }

    private static Probe probe(String path, int periodSeconds, int failureThreshold, int timeoutSeconds) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString(PORT_NAME)).endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withFailureThreshold(failureThreshold)
                .withTimeoutSeconds(timeoutSeconds)
                .build();
    }

    /** Requests equal limits (Guaranteed QoS): the server's workers default from the CPU limit it sees. */
    static ResourceRequirements resources(WorkloadSettings s) {
        Map<String, Quantity> amounts = new LinkedHashMap<>();
        amounts.put("cpu", new Quantity(s.cpu()));
        amounts.put("memory", new Quantity(s.memory()));
        Map<String, Quantity> limits = new LinkedHashMap<>(amounts);
        if (s.cuda().isPresent()) {
            limits.put(GPU_RESOURCE, new Quantity("1"));
        }
        return new ResourceRequirementsBuilder().withRequests(amounts).withLimits(limits).build();
    }

    private static ObjectMeta meta(String name, Map<String, String> labels) {
        return new ObjectMetaBuilder().withName(name).withLabels(labels).build();
    }
}
