package dev.jconda.prefix;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where jconda keeps its state: {@code $JCONDA_ROOT}, by default {@code ~/.jconda}. Passed in everywhere instead of
 * read from a global, so tests run against a temporary root.
 */
public record JcondaHome(Path root, Path userHome) {

    public JcondaHome(Path root) {
        this(root, Path.of(System.getProperty("user.home")));
    }

    /** {@code $JCONDA_ROOT}, else {@code $HOME/.jconda}: {@code $HOME} wins over the passwd entry, as in every CLI. */
    public static JcondaHome fromEnvironment(Map<String, String> env) {
        String home = env.get("HOME");
        Path user = home != null && !home.isBlank() ? Path.of(home).toAbsolutePath().normalize()
                : Path.of(System.getProperty("user.home"));
        String configured = env.get("JCONDA_ROOT");
        if (configured != null && !configured.isBlank()) {
            return new JcondaHome(Path.of(configured).toAbsolutePath().normalize(), user);
        }
        return new JcondaHome(user.resolve(".jconda"), user);
    }

    /** The package cache, content-addressed. */
    public Path pkgs() {
        return root.resolve("pkgs");
    }

    /** Named environments. */
    public Path envs() {
        return root.resolve("envs");
    }

    /**
     * Maven Resolver's local repository: POMs and version lists only. Artifact files are never fetched through it
     * (the lock takes published checksums; {@code env create} downloads into {@link #pkgs()}), so each file's bytes
     * are stored once.
     */
    public Path mavenRepository() {
        return root.resolve("cache").resolve("maven");
    }

    /** Parsed effective POMs, so a warm lock does not rebuild Maven models. */
    public Path descriptorCache() {
        return root.resolve("cache").resolve("descriptors");
    }

    /** Downloaded channel indexes, for offline use. */
    public Path indexCache() {
        return root.resolve("cache").resolve("channels");
    }

    /** Checksums and sizes of files jconda locked without downloading. */
    public Path checksumCache() {
        return root.resolve("cache").resolve("checksums");
    }

    /** Environments made outside {@link #envs()}, one path a line (conda's {@code environments.txt}). */
    public Path environmentsFile() {
        return root.resolve("environments.txt");
    }

    public Path env(String name) {
        return envs().resolve(name);
    }
}
