package dev.jconda.cli.workflow;

import dev.jconda.deploy.RelocatedEnvironment;
import dev.jconda.prefix.PrefixInstaller;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;

/**
 * The bundled inference server as a tool in every environment: {@code bin/serve}, run with the environment's class
 * path (DJL, libtorch's settings) and the {@code serve:} options of its environment file as defaults. The jar is
 * copied into the environment's {@code libexec/}: an environment is self-contained, as a conda environment keeps
 * the packages it was made with, so a rebuilt jconda does not change what an existing environment serves until the
 * environment is re-installed ({@link #outdated}).
 */
public final class ServerTool {
    private ServerTool() {
    }

    /** @param jar the server's jar, where the launcher says; null (no {@code bin/serve}) without one */
    public static List<PrefixInstaller.Tool> forEnvironment(Path jar) {
        if (jar == null || !Files.isRegularFile(jar)) {
            return List.of();
        }
        String launcher = """
                #!/bin/sh
                # jconda's bundled model server: a Gunicorn-style master and worker JVMs serving a TorchScript model
                # through DJL. Run it inside the environment: jconda run -n NAME serve --help
                prefix="${JCONDA_PREFIX:-$(cd "$(dirname "$0")/.." && pwd)}"
                java="java"
                [ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"
                exec "$java" %s ${JCONDA_SERVE_JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED \\
                  -cp "$prefix/libexec/%s${CLASSPATH:+:$CLASSPATH}" dev.jconda.server.Main \\
                  --config "$prefix/jconda-meta/serve.conf" "$@"
                """.formatted(String.join(" ", RelocatedEnvironment.MASTER_JAVA_OPTS), jar.getFileName());
        return List.of(new PrefixInstaller.Tool("serve", jar, launcher));
    }

    /**
     * An environment's copy of the server whose bytes are not this jconda's server.
     *
     * @param copied when the environment got its copy (the copy's modification time: it is made at install)
     * @param built  when this jconda's server jar was built
     */
    public record OutdatedServer(Path copy, FileTime copied, FileTime built) {
        /** This jconda's server was built after the environment took its copy. */
        public boolean older() {
            return built.compareTo(copied) > 0;
        }
    }

    /** The environment's server copy when it differs from {@code jar}; empty when they match or either is missing. */
    public static Optional<OutdatedServer> outdated(Path prefix, Path jar) {
        if (jar == null || !Files.isRegularFile(jar)) {
            return Optional.empty();
        }
        try {
            Optional<Path> found = copyIn(prefix.resolve("libexec"), jar.getFileName().toString());
            if (found.isEmpty() || Files.mismatch(found.get(), jar) == -1) {
                return Optional.empty();
            }
            Path copy = found.get();
            return Optional.of(new OutdatedServer(copy, Files.getLastModifiedTime(copy),
                    Files.getLastModifiedTime(jar)));
        } catch (IOException unreadable) {
            return Optional.empty(); // a notice, never a reason to fail the command that asked
        }
    }

    /** The server jar in {@code libexec}: of the same name, else the only jar there (a jconda whose jar was renamed). */
    private static Optional<Path> copyIn(Path libexec, String name) throws IOException {
        if (Files.isRegularFile(libexec.resolve(name))) {
            return Optional.of(libexec.resolve(name));
        }
        if (!Files.isDirectory(libexec)) {
            return Optional.empty();
        }
        try (var jars = Files.list(libexec)) {
            List<Path> all = jars.filter(p -> p.getFileName().toString().endsWith(".jar")).toList();
            return all.size() == 1 ? Optional.of(all.getFirst()) : Optional.empty();
        }
    }
}
