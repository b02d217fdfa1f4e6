package dev.jconda.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every file of a pack or image, by where it goes (relative to the root) and in layers ordered by how often they
 * change: the JDK runtime, the native libraries, the third-party jars, then the application (the server, the
 * launchers, the lock and the model). A pack holds them all in one archive; an image makes one layer of each, so a
 * new model re-sends only the last.
 */
public record DeploymentFiles(Map<Layer, List<Entry>> layers) {
    public enum Layer {
        RUNTIME("runtime"), NATIVES("natives"), THIRD_PARTY("dependencies"), APPLICATION("application");

        private final String id;

        Layer(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** One file: its source on this machine and its path under the root ({@code lib/api-0.32.0.jar}). */
    public record Entry(Path source, String target, boolean executable) {
    }

    public DeploymentFiles {
        Map<Layer, List<Entry>> copy = new EnumMap<>(Layer.class);
        layers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        layers = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Collects the files of {@code env} with {@code runtime} as its {@code jdk/}; the generated files (launchers,
     * the server's config) are written into {@code staging}, which must outlive the pack or image build.
     */
    public static DeploymentFiles assemble(RelocatedEnvironment relocated, Path runtime, Path staging) {
        EnvironmentContents env = relocated.contents();
        Map<Layer, List<Entry>> layers = new EnumMap<>(Layer.class);
        try {
            layers.put(Layer.RUNTIME, tree(runtime, "jdk"));
            layers.put(Layer.NATIVES, Files.isDirectory(env.nativeLib()) ? tree(env.nativeLib(), "lib/native")
                    : List.of());
            layers.put(Layer.THIRD_PARTY, env.jars().stream()
                    .map(j -> new Entry(j, "lib/" + j.getFileName(), false)).toList());
            List<Entry> app = new ArrayList<>();
            env.tools().forEach(t -> app.add(new Entry(t, "libexec/" + t.getFileName(), false)));
            env.serve().files().forEach((option, file) ->
                    app.add(new Entry(file, ServeDefaults.relocated(option, file), false)));
            app.add(new Entry(env.lockFile(), "jconda-meta/lock.yml", false));
            app.add(generated(staging, "jconda-meta/serve.conf", env.serve().configText(), false));
            app.add(generated(staging, "activate", relocated.activateScript(), false));
            if (!env.tools().isEmpty()) {
                app.add(generated(staging, "bin/serve", relocated.serveScript(), true));
            }
            layers.put(Layer.APPLICATION, app);
        } catch (IOException e) {
            throw DeployError.failed("cannot collect the files of " + env.name() + ": " + e.getMessage(), e);
        }
        return new DeploymentFiles(layers);
    }

    public List<Entry> all() {
        return layers.values().stream().flatMap(List::stream).toList();
    }

    private static Entry generated(Path staging, String target, String text, boolean executable) throws IOException {
        Path file = staging.resolve(target);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return new Entry(file, target, executable);
    }

    /** Regular files under {@code dir}, sorted so that archives and layers come out the same every time. */
    private static List<Entry> tree(Path dir, String targetDir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .sorted()
                    .map(p -> new Entry(p, targetDir + "/" + dir.relativize(p).toString().replace('\\', '/'),
                            Files.isExecutable(p)))
                    .toList();
        }
    }
}
