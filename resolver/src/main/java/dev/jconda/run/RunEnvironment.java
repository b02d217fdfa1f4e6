package dev.jconda.run;

import dev.jconda.lock.LockFile;
import dev.jconda.lock.LockFileReader;
import dev.jconda.lock.LockedPackage;
import dev.jconda.prefix.Activation;
import dev.jconda.prefix.PrefixInstaller;
import dev.jconda.prefix.PrefixLayout;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a process sees inside an environment, as conda's activation: {@code JCONDA_PREFIX}, {@code
 * JCONDA_DEFAULT_ENV}, {@code CLASSPATH} (the environment's jars in solve order), {@code PATH} with the prefix's
 * {@code bin/} and its JDK first, {@code LD_LIBRARY_PATH} for native libraries, {@code JAVA_HOME}, and the
 * environment file's {@code variables:}.
 */
public final class RunEnvironment {
    private final Path prefix;
    private final LockFile lock;
    private final Activation activation;

    private RunEnvironment(Path prefix, LockFile lock, Activation activation) {
        this.prefix = prefix;
        this.lock = lock;
        this.activation = activation;
    }

    public static RunEnvironment load(Path prefix) throws IOException {
        PrefixLayout layout = new PrefixLayout(prefix);
        LockFile lock = new LockFileReader().read(layout.lock());
        return new RunEnvironment(prefix, lock, readActivation(layout.activation()));
    }

    @SuppressWarnings("unchecked")
    public static Activation readActivation(Path file) throws IOException {
        Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(file, StandardCharsets.UTF_8));
        Map<String, String> variables = new LinkedHashMap<>();
        Map<String, String> serve = new LinkedHashMap<>();
        ((Map<String, Object>) doc.getOrDefault("variables", Map.of())).forEach((k, v) -> variables.put(k, str(v)));
        ((Map<String, Object>) doc.getOrDefault("serve", Map.of())).forEach((k, v) -> serve.put(k, str(v)));
        return new Activation(str(doc.get("name")), variables, serve, (String) doc.get("java-home"));
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    public Activation activation() {
        return activation;
    }

    public LockFile lock() {
        return lock;
    }

    public List<LockedPackage> packages() {
        return lock.platforms().values().stream().findFirst().orElse(List.of());
    }

    /** The jars in {@code lib/}, in solve order. */
    public List<Path> classPath() {
        PrefixLayout layout = new PrefixLayout(prefix);
        Set<String> used = new HashSet<>();
        List<Path> out = new ArrayList<>();
        for (LockedPackage p : packages()) {
            if (p.hasFile() && p.install() == LockedPackage.Install.CLASSPATH) {
                out.add(layout.lib().resolve(uniqueName(p, used)));
            }
        }
        return out;
    }

    private static String uniqueName(LockedPackage p, Set<String> used) {
        return PrefixInstaller.fileNameInLib(p, used);
    }

    /** The variables to add to (or replace in) {@code base}, the caller's own environment. */
    public Map<String, String> variables(Map<String, String> base) {
        PrefixLayout layout = new PrefixLayout(prefix);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JCONDA_PREFIX", prefix.toString());
        env.put("JCONDA_DEFAULT_ENV", activation.name() == null || activation.name().isEmpty()
                ? prefix.getFileName().toString() : activation.name());
        env.put("CLASSPATH", String.join(File.pathSeparator, classPath().stream().map(Path::toString).toList()));
        List<String> path = new ArrayList<>();
        path.add(layout.bin().toString());
        if (activation.javaHome() != null && !activation.javaHome().isEmpty()) {
            path.add(Path.of(activation.javaHome(), "bin").toString());
            env.put("JAVA_HOME", activation.javaHome());
        }
        String basePath = base.getOrDefault("PATH", "");
        env.put("PATH", String.join(File.pathSeparator, path) + (basePath.isEmpty() ? "" : File.pathSeparator
                + basePath));
        List<String> nativeDirs = nativeLibraryDirs();
        String baseLd = base.getOrDefault("LD_LIBRARY_PATH", "");
        String ld = String.join(File.pathSeparator, nativeDirs);
        env.put("LD_LIBRARY_PATH", baseLd.isEmpty() ? ld : ld.isEmpty() ? baseLd : ld + File.pathSeparator + baseLd);
        boolean linux = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
        if (!nativeDirs.isEmpty() && !linux) {
            // On Linux the JVM builds java.library.path from LD_LIBRARY_PATH itself; elsewhere (macOS strips
            // DYLD_* variables from child processes) say it explicitly. Not on Linux, because every JVM then
            // prints "Picked up JAVA_TOOL_OPTIONS" on stderr.
            String existing = base.getOrDefault("JAVA_TOOL_OPTIONS", "");
            String lib = "-Djava.library.path=" + String.join(File.pathSeparator, nativeDirs);
            env.put("JAVA_TOOL_OPTIONS", existing.isBlank() ? lib : existing + " " + lib);
        }
        env.putAll(djlSettings());
        env.putAll(activation.variables());
        return env;
    }

    /**
     * When the environment holds libtorch, tell DJL to load exactly that one and never download anything: DJL reads
     * these variables before its own system properties (ai.djl.util.Utils.getEnvOrSystemProperty), and with
     * PYTORCH_LIBRARY_PATH set it ignores native jars and its download site alike.
     */
    Map<String, String> djlSettings() {
        Map<String, String> env = new LinkedHashMap<>();
        for (LockedPackage p : packages()) {
            if (p.name().equals("libtorch") && p.install() == LockedPackage.Install.NATIVE) {
                String flavor = p.build().contains("_") ? p.build().substring(0, p.build().lastIndexOf('_'))
                        : p.build();
                Path nativeLib = new PrefixLayout(prefix).nativeLib();
                env.put("PYTORCH_LIBRARY_PATH", nativeLib.toString());
                env.put("PYTORCH_VERSION", p.version());
                if (!flavor.isEmpty()) {
                    env.put("PYTORCH_FLAVOR", flavor);
                }
                env.put("DJL_OFFLINE", "true");
                Path cache = prefix.resolve("var").resolve("djl");
                env.put("DJL_CACHE_DIR", cache.toString());
                env.put("ENGINE_CACHE_DIR", cache.toString());
                env.put("OPT_OUT_TRACKING", "true");
            }
        }
        return env;
    }

    /** Folders under {@code lib/native} that hold shared libraries. */
    public List<String> nativeLibraryDirs() {
        Path nativeLib = new PrefixLayout(prefix).nativeLib();
        if (!Files.isDirectory(nativeLib)) {
            return List.of();
        }
        try (var walk = Files.walk(nativeLib)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".so") || n.contains(".so.") || n.endsWith(".dylib") || n.endsWith(".dll");
                    })
                    .map(p -> p.getParent().toString())
                    .distinct().sorted().toList();
        } catch (IOException e) {
            return List.of(nativeLib.toString());
        }
    }

    public Path prefix() {
        return prefix;
    }
}
