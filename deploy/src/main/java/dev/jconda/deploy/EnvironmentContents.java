package dev.jconda.deploy;

import dev.jconda.lock.LockFile;
import dev.jconda.lock.LockedPackage;
import dev.jconda.prefix.Activation;
import dev.jconda.prefix.PrefixLayout;
import dev.jconda.run.RunEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What leaves an installed environment when it is packed or put into an image: its lock, its jars in class-path
 * order, its native libraries, the bundled server, the JDK it runs on and the files its {@code serve:} section
 * names.
 *
 * @param javaHome the JDK the environment runs on (its locked {@code java}, else the one that made it)
 * @param tools    jars of the programs jconda put into the environment ({@code libexec/}: the server)
 */
public record EnvironmentContents(String name, Path prefix, LockFile lock, List<LockedPackage> packages,
                                  Activation activation, Path javaHome, List<Path> jars, List<Path> tools,
                                  Map<String, String> variables) {
    public EnvironmentContents {
        packages = List.copyOf(packages);
        jars = List.copyOf(jars);
        tools = List.copyOf(tools);
        // sorted: the launchers and an image's environment must come out the same on every run
        variables = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(variables));
    }

    public static EnvironmentContents read(Path prefix) {
        PrefixLayout layout = new PrefixLayout(prefix);
        if (!layout.isEnvironment()) {
            throw DeployError.badInput(prefix + " is not a jconda environment");
        }
        try {
            RunEnvironment env = RunEnvironment.load(prefix);
            Activation activation = env.activation();
            String home = activation.javaHome();
            Path javaHome = home == null || home.isBlank() ? Path.of(System.getProperty("java.home")) : Path.of(home);
            if (!Files.isRegularFile(javaHome.resolve("release"))) {
                throw DeployError.badInput("the environment's JDK " + javaHome + " is gone; re-create the environment");
            }
            List<Path> tools;
            Path libexec = prefix.resolve("libexec");
            if (Files.isDirectory(libexec)) {
                try (Stream<Path> s = Files.list(libexec)) {
                    tools = s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
                }
            } else {
                tools = List.of();
            }
            // no caller's variables: PATH and LD_LIBRARY_PATH come out as the environment's own folders only
            Map<String, String> variables = env.variables(Map.of());
            String name = activation.name() == null || activation.name().isBlank()
                    ? prefix.getFileName().toString() : activation.name();
            return new EnvironmentContents(name, prefix.toAbsolutePath(), env.lock(), env.packages(), activation,
                    javaHome, env.classPath(), tools, variables);
        } catch (IOException e) {
            throw DeployError.failed("cannot read environment " + prefix + ": " + e.getMessage(), e);
        }
    }

    public Path nativeLib() {
        return new PrefixLayout(prefix).nativeLib();
    }

    public Path lockFile() {
        return new PrefixLayout(prefix).lock();
    }

    /** The {@code serve:} section, as the environment file gave it (paths made absolute at create). */
    public ServeDefaults serve() {
        return new ServeDefaults(activation.serve());
    }

    /** A CUDA build of a native package (libtorch {@code cu124_0}): the workload needs an NVIDIA GPU. */
    public Optional<LockedPackage> cudaBuild() {
        return cudaBuild(packages);
    }

    public static Optional<LockedPackage> cudaBuild(List<LockedPackage> packages) {
        return packages.stream()
                .filter(p -> p.kind() == LockedPackage.Kind.CHANNEL)
                .filter(p -> p.build().matches("cu\\d+.*"))
                .findFirst();
    }
}
