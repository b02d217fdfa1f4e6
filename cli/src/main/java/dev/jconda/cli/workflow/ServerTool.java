package dev.jconda.cli.workflow;

import dev.jconda.deploy.RelocatedEnvironment;
import dev.jconda.prefix.PrefixInstaller;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The bundled inference server as a tool in every environment: {@code bin/serve}, run with the environment's class
 * path (DJL, libtorch's settings) and the {@code serve:} options of its environment file as defaults.
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
}
