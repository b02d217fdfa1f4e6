package dev.jconda.prefix;

import dev.jconda.run.RunEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jconda-meta/activation.yml} is written by the shared YamlWriter and reads back to the same values. */
class ActivationFileTest {

    @Test
    void valuesYamlWouldReadAsOtherTypesOrSyntaxComeBackAsTheSameStrings(@TempDir Path dir) throws Exception {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("JAVA_TOOL_OPTIONS", "-Xss2m -Dkey=\"a: b\"");
        variables.put("FLAG", "true");
        variables.put("EMPTY", "");
        variables.put("HASH", "# not a comment");
        Map<String, String> serve = new LinkedHashMap<>();
        serve.put("workers", "2");
        serve.put("bind", "0.0.0.0:8000");
        serve.put("model", "models/model.pt");
        Activation written = new Activation("model-serving", variables, serve, "/opt/jdk 25");
        Path file = dir.resolve("activation.yml");

        PrefixInstaller.writeActivation(written, file);

        assertEquals(written, RunEnvironment.readActivation(file));
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.contains("  FLAG: \"true\"\n"), text);
        assertTrue(text.startsWith("name: model-serving\n"), text);
        assertEquals("workers=2\nbind=0.0.0.0:8000\nmodel=models/model.pt\n",
                Files.readString(dir.resolve("serve.conf")).lines().skip(1).map(l -> l + "\n")
                        .reduce("", String::concat));
    }

    @Test
    void anEnvironmentWithoutVariablesOrServeReadsBackEmpty(@TempDir Path dir) throws Exception {
        Activation written = new Activation("hello", Map.of(), Map.of(), null);
        Path file = dir.resolve("activation.yml");

        PrefixInstaller.writeActivation(written, file);

        assertEquals(written, RunEnvironment.readActivation(file));
    }
}
