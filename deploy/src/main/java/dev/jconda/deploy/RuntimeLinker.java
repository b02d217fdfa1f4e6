package dev.jconda.deploy;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A {@code jlink}ed runtime of the environment's JDK holding only the modules its jars use: explicit modules say so
 * in their {@code module-info}; for plain jars {@code jdeps} finds out. The JDK's own {@code jlink} and
 * {@code jdeps} do the work (a runtime must be linked by its own version). jlink's output is the same for the same
 * JDK and modules, so runtimes are kept in {@code cacheRoot} by that pair and reused.
 */
public final class RuntimeLinker {
    /** Nothing a server needs at run time: debug tables, C headers, man pages. */
    private static final List<String> JLINK_OPTIONS = List.of("--strip-debug", "--no-header-files",
            "--no-man-pages");

    private final Path cacheRoot;

    public RuntimeLinker(Path cacheRoot) {
        this.cacheRoot = cacheRoot;
    }

    public record Runtime(Path home, Set<String> modules) {
    }

    public Runtime link(Path javaHome, List<Path> jars) {
        Properties release = release(javaHome);
        Set<String> available = new TreeSet<>(List.of(release.getProperty("MODULES", "").split("\\s+")));
        Set<String> modules = modulesFor(javaHome, jars, available, feature(release));
        String key = sha256(release.getProperty("JAVA_RUNTIME_VERSION", "") + "|" + release.getProperty("IMPLEMENTOR",
                "") + "|" + javaHome + "|" + String.join(",", modules) + "|" + String.join(" ", JLINK_OPTIONS));
        Path home = cacheRoot.resolve(key.substring(0, 20));
        if (Files.isRegularFile(home.resolve("release"))) {
            return new Runtime(home, modules);
        }
        Path partial = cacheRoot.resolve("." + home.getFileName() + ".partial-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(cacheRoot);
            dev.jconda.prefix.PrefixInstaller.deleteTree(partial);
            List<String> cmd = new ArrayList<>(List.of(tool(javaHome, "jlink").toString(), "--add-modules",
                    String.join(",", modules)));
            cmd.addAll(JLINK_OPTIONS);
            cmd.addAll(List.of("--output", partial.toString()));
            run(cmd, "jlink");
            try {
                Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (!Files.isRegularFile(home.resolve("release"))) {
                    throw raced;
                }
            }
            return new Runtime(home, modules);
        } catch (IOException e) {
            throw DeployError.failed("cannot link a runtime of " + javaHome + ": " + e.getMessage(), e);
        } finally {
            dev.jconda.prefix.PrefixInstaller.deleteTree(partial);
        }
    }

    /** The JDK modules the jars need, always with java.base. */
    static Set<String> modulesFor(Path javaHome, List<Path> jars, Set<String> available, int feature) {
        Set<String> modules = new TreeSet<>(Set.of("java.base"));
        List<Path> plain = new ArrayList<>();
        for (Path jar : jars) {
            ModuleDescriptor descriptor = ModuleFinder.of(jar).findAll().stream().findFirst()
                    .map(ModuleReference::descriptor).orElse(null);
            if (descriptor == null || descriptor.isAutomatic()) {
                plain.add(jar);
                continue;
            }
            // an explicit module names what it needs; `requires static` is optional at run time
            descriptor.requires().stream()
                    .filter(r -> !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
                    .map(ModuleDescriptor.Requires::name)
                    .filter(available::contains)
                    .forEach(modules::add);
        }
        if (!plain.isEmpty()) {
            List<String> cmd = new ArrayList<>(List.of(tool(javaHome, "jdeps").toString(), "--ignore-missing-deps",
                    "--print-module-deps", "--multi-release", Integer.toString(feature)));
            plain.forEach(j -> cmd.add(j.toString()));
            String out = run(cmd, "jdeps").strip();
            String last = out.lines().reduce((a, b) -> b).orElse("");
            for (String m : last.split(",")) {
                if (available.contains(m.strip())) {
                    modules.add(m.strip());
                }
            }
        }
        return modules;
    }

    private static Path tool(Path javaHome, String name) {
        Path tool = javaHome.resolve("bin").resolve(name);
        if (!Files.isExecutable(tool)) {
            throw DeployError.badInput("the environment's Java " + javaHome + " has no " + name
                    + " (a JRE?); lock a JDK with `java` in environment.yml");
        }
        return tool;
    }

    private static String run(List<String> cmd, String what) {
        try {
            Path log = Files.createTempFile("jconda-" + what, ".log");
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!p.waitFor(10, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw DeployError.failed(what + " did not finish in 10 minutes", null);
                }
                String out = Files.readString(log, StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw DeployError.failed(what + " failed (exit " + p.exitValue() + "): " + out.strip(), null);
                }
                return out;
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw DeployError.failed("cannot run " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeployError.failed(what + " interrupted", e);
        }
    }

    static Properties release(Path javaHome) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(javaHome.resolve("release"), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw DeployError.badInput("cannot read " + javaHome.resolve("release") + ": " + e.getMessage());
        }
        p.replaceAll((k, v) -> v.toString().replaceAll("^\"|\"$", ""));
        return p;
    }

    private static int feature(Properties release) {
        String version = release.getProperty("JAVA_VERSION", "25");
        try {
            return Integer.parseInt(version.split("[.+-]")[0]);
        } catch (NumberFormatException e) {
            return 25;
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
