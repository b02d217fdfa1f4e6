package dev.jconda.deploy.k8s;

import dev.jconda.deploy.DeployError;
import dev.jconda.deploy.k8s.ManifestYaml.Hole;
import dev.jconda.prefix.PrefixInstaller;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code DIR/manifests/} (plain YAML for {@code kubectl apply -f}) and {@code DIR/chart/} (a Helm chart whose
 * values carry the image, the server's flags, resources, replicas and scheduling), both from the same typed objects.
 * Each folder appears whole or not at all.
 */
public final class KubernetesExport {
    private static final String CONTAINER = "/spec/template/spec/containers/0";

    private KubernetesExport() {
    }

    public record Written(Path manifests, Path chart, List<String> files) {
    }

    public static Written write(WorkloadSettings settings, Path dir) {
        KubernetesManifests m = KubernetesManifests.of(settings);
        Map<String, String> manifests = new LinkedHashMap<>();
        manifests.put("deployment.yaml", ManifestYaml.yaml(m.deployment()));
        manifests.put("service.yaml", ManifestYaml.yaml(m.service()));
        manifests.put("hpa.yaml", ManifestYaml.yaml(m.autoscaler()));
        manifests.put("pdb.yaml", ManifestYaml.yaml(m.disruptionBudget()));

        Map<String, String> chart = new LinkedHashMap<>();
        chart.put("Chart.yaml", ManifestYaml.yaml(chartMetadata(settings)));
        chart.put("values.yaml", "# Values of the " + settings.name() + " chart, written by `jconda k8s`.\n"
                + "# serverArgs are jconda-server flags, after the image's serve: defaults (the last of a flag wins);\n"
                + "# keep terminationGracePeriodSeconds above --graceful-timeout.\n"
                + ManifestYaml.yaml(values(settings, m)));
        chart.put("templates/deployment.yaml", ManifestYaml.template(m.deployment(),
                Hole.scalar("/spec/replicas", ".Values.replicaCount"),
                Hole.scalar(CONTAINER + "/image", ".Values.image | quote"),
                Hole.block(CONTAINER + "/args", ".Values.serverArgs"),
                Hole.block(CONTAINER + "/resources", ".Values.resources"),
                Hole.scalar("/spec/template/spec/terminationGracePeriodSeconds",
                        ".Values.terminationGracePeriodSeconds"),
                Hole.block("/spec/template/spec/nodeSelector", ".Values.nodeSelector"),
                Hole.block("/spec/template/spec/tolerations", ".Values.tolerations")));
        chart.put("templates/service.yaml", ManifestYaml.yaml(m.service()));
        chart.put("templates/hpa.yaml", ManifestYaml.template(m.autoscaler(),
                Hole.scalar("/spec/minReplicas", ".Values.autoscaling.minReplicas"),
                Hole.scalar("/spec/maxReplicas", ".Values.autoscaling.maxReplicas"),
                Hole.scalar("/spec/metrics/0/resource/target/averageUtilization",
                        ".Values.autoscaling.targetCPUUtilizationPercentage")));
        chart.put("templates/pdb.yaml", ManifestYaml.yaml(m.disruptionBudget()));

        mayReplace(dir.resolve("manifests"), "deployment.yaml");
        mayReplace(dir.resolve("chart"), "Chart.yaml");
        List<String> files = new ArrayList<>();
        Path manifestsDir = publish(dir.resolve("manifests"), manifests, files);
        Path chartDir = publish(dir.resolve("chart"), chart, files);
        return new Written(manifestsDir, chartDir, files);
    }

    private static Map<String, Object> chartMetadata(WorkloadSettings s) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("apiVersion", "v2");
        chart.put("name", s.name());
        chart.put("description", "The jconda model server of environment " + s.name());
        chart.put("type", "application");
        chart.put("version", "0.1.0");
        chart.put("appVersion", s.image().substring(s.image().lastIndexOf(':') + 1));
        return chart;
    }

    private static Map<String, Object> values(WorkloadSettings s, KubernetesManifests m) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("image", s.image());
        values.put("replicaCount", s.replicas());
        values.put("serverArgs", s.serverArgs());
        values.put("resources", ManifestYaml.mapper().valueToTree(
                m.deployment().getSpec().getTemplate().getSpec().getContainers().getFirst().getResources()));
        values.put("terminationGracePeriodSeconds", s.terminationGracePeriodSeconds());
        Map<String, Object> autoscaling = new LinkedHashMap<>();
        autoscaling.put("minReplicas", s.replicas());
        autoscaling.put("maxReplicas", s.maxReplicas());
        autoscaling.put("targetCPUUtilizationPercentage", s.targetCpuPercent());
        values.put("autoscaling", autoscaling);
        var pod = m.deployment().getSpec().getTemplate().getSpec();
        values.put("nodeSelector", pod.getNodeSelector() == null ? Map.of() : pod.getNodeSelector());
        values.put("tolerations", pod.getTolerations() == null ? List.of()
                : ManifestYaml.mapper().valueToTree(pod.getTolerations()));
        return values;
    }

    /** Only a folder this command wrote before (or none) is replaced; anything else of the user's is left alone. */
    private static void mayReplace(Path folder, String marker) {
        if (Files.exists(folder) && !Files.isRegularFile(folder.resolve(marker))) {
            throw DeployError.badInput(folder + " exists and was not written by `jconda k8s`; choose another -o DIR");
        }
    }

    private static Path publish(Path target, Map<String, String> files, List<String> written) {
        Path abs = target.toAbsolutePath();
        Path staging = abs.resolveSibling("." + abs.getFileName() + ".partial-" + ProcessHandle.current().pid());
        try {
            PrefixInstaller.deleteTree(staging);
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path file = staging.resolve(f.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
                written.add(abs.resolve(f.getKey()).toString());
            }
            PrefixInstaller.deleteTree(abs);
            Files.move(staging, abs, StandardCopyOption.ATOMIC_MOVE);
            return abs;
        } catch (IOException e) {
            throw DeployError.failed("cannot write " + abs + ": " + e.getMessage(), e);
        } finally {
            PrefixInstaller.deleteTree(staging);
        }
    }
}
