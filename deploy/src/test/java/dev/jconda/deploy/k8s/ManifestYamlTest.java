package dev.jconda.deploy.k8s;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestYamlTest {
    private static WorkloadSettings settings(String name) {
        return new WorkloadSettings(name, "img:1", 8000, 30, 2, 10, 70, "2", "1Gi", Optional.empty(),
                List.of("--bind=0.0.0.0:8000"), "sha256:ab");
    }

    @Test
    void holesBecomeHelmExpressionsAtTheFieldsIndentation() {
        Deployment d = KubernetesManifests.of(settings("ms")).deployment();
        String t = ManifestYaml.template(d, ManifestYaml.Hole.scalar("/spec/replicas", ".Values.replicaCount"),
                ManifestYaml.Hole.block("/spec/template/spec/containers/0/args", ".Values.serverArgs"));
        assertTrue(t.contains("\n  replicas: {{ .Values.replicaCount }}\n"), t);
        // "- args:" is the first key of a list item: its value sits two further in than the dash
        assertTrue(t.contains("\n        - args: {{- toYaml .Values.serverArgs | nindent 12 }}\n"), t);
        assertTrue(!t.contains("jconda-hole"), t);
    }

    @Test
    void environmentNamesBecomeKubernetesNames() {
        assertEquals("model-serving-v2", settings("Model_Serving.v2").name());
        assertThrows(dev.jconda.deploy.DeployError.class, () -> settings("___"));
    }
}
