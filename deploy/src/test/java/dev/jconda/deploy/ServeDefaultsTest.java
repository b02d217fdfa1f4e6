package dev.jconda.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServeDefaultsTest {
    @TempDir
    Path dir;

    @Test
    void fileOptionsTravelAsFilesAndTheRestAsConfig() throws Exception {
        Path model = Files.writeString(dir.resolve("net.pt"), "x");
        Map<String, String> serve = new LinkedHashMap<>();
        serve.put("model", model.toString());
        serve.put("warmup_shape", "1,4");
        serve.put("workers", "3");
        serve.put("bind", "127.0.0.1:9100");
        ServeDefaults d = new ServeDefaults(serve);
        assertEquals(Map.of("model", model), d.files());
        assertEquals("model/net.pt", ServeDefaults.relocated("model", model));
        assertEquals("model/warmup-input-body.json", ServeDefaults.relocated("warmup-input", Path.of("/x/body.json")));
        String conf = d.configText();
        assertTrue(conf.contains("warmup-shape=1,4\n") && conf.contains("workers=3\n"), conf);
        assertTrue(!conf.contains("model="), "the model's path is this machine's: " + conf);
        assertEquals(List.of("--warmup-shape=1,4", "--workers=3"), d.flags());
        assertEquals(9100, d.port());
        assertEquals(3, d.workers().orElseThrow());
        assertEquals(30, d.gracefulTimeoutSeconds());
    }

    @Test
    void wrongValuesAreBadInputNamingTheOption() {
        DeployError missing = assertThrows(DeployError.class,
                () -> new ServeDefaults(Map.of("model", dir.resolve("gone.pt").toString())).files());
        assertEquals(DeployError.Kind.BAD_INPUT, missing.kind());
        assertTrue(missing.getMessage().contains("serve: model"), missing.getMessage());
        DeployError port = assertThrows(DeployError.class, () -> new ServeDefaults(Map.of("bind", "0.0.0.0")).port());
        assertTrue(port.getMessage().contains("HOST:PORT"), port.getMessage());
        assertThrows(DeployError.class, () -> new ServeDefaults(Map.of("workers", "two")).workers());
    }
}
