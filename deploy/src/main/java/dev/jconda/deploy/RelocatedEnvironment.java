package dev.jconda.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment moved to a folder that is not known when it is written: the variables {@code jconda run} would
 * set, with the environment's folder and its JDK replaced by the new root and {@code jdk/} inside it; and from them
 * the {@code activate} script and {@code bin/serve} launcher of a pack, and the environment and entrypoint of an
 * image. Both scripts find the root from their own location, so the folder can move again.
 */
public final class RelocatedEnvironment {
    /** Stands for the new root inside values until it is written out as a shell variable or an absolute path. */
    private static final String ROOT = "\u0000root\u0000";
    static final String SERVER_MAIN = "dev.jconda.server.Main";
    /**
     * The master's JVM: it only supervises (73 MiB resident measured), so a small heap rather than the JVM's default
     * quarter of the container's memory, which the workers' budget leaves it no room for. Options after these win.
     */
    public static final List<String> MASTER_JAVA_OPTS = List.of("-XX:+UseSerialGC", "-Xmx64m");

    private final EnvironmentContents env;
    private final Map<String, String> variables;

    public RelocatedEnvironment(EnvironmentContents env) {
        this.env = env;
        Map<String, String> moved = new LinkedHashMap<>();
        String javaHome = env.javaHome().toString();
        String prefix = env.prefix().toString();
        env.variables().forEach((k, v) -> moved.put(k, v.replace(javaHome, ROOT + "/jdk").replace(prefix, ROOT)));
        moved.put("JAVA_HOME", ROOT + "/jdk");
        moved.put("PATH", ROOT + "/bin:" + ROOT + "/jdk/bin");
        this.variables = moved;
    }

    /** The variables with the root at an absolute path (an image's {@code /opt/jconda}). */
    public Map<String, String> variablesAt(String root) {
        Map<String, String> out = new LinkedHashMap<>();
        variables.forEach((k, v) -> out.put(k, v.replace(ROOT, root)));
        return out;
    }

    /** The server's class path under a root: the bundled server's jar, then the environment's jars. */
    public String classPathAt(String root) {
        List<String> entries = new ArrayList<>();
        env.tools().forEach(t -> entries.add(root + "/libexec/" + t.getFileName()));
        env.jars().forEach(j -> entries.add(root + "/lib/" + j.getFileName()));
        return String.join(":", entries);
    }

    /** Flags that point the server at the relocated files of {@code serve:}, before the user's own flags. */
    public List<String> fileFlagsAt(String root) {
        List<String> flags = new ArrayList<>();
        env.serve().files().forEach((option, file) ->
                flags.add("--" + option + "=" + root + "/" + ServeDefaults.relocated(option, file)));
        return flags;
    }

    /** {@code . ./activate}: the environment's variables for the current shell, as {@code jconda run} sets them. */
    public String activateScript() {
        StringBuilder sb = new StringBuilder("""
                # Activates the packed jconda environment %s in this shell: . ./activate (from its folder), or
                # . /path/to/it/activate from bash. Set JCONDA_PACK_ROOT to the folder where the shell cannot tell.
                if [ -n "${JCONDA_PACK_ROOT:-}" ]; then
                  _jconda_root="$JCONDA_PACK_ROOT"
                elif [ -n "${BASH_SOURCE:-}" ]; then
                  _jconda_root="$(cd "$(dirname "$BASH_SOURCE")" && pwd)"
                else
                  _jconda_root="$(pwd)"
                fi
                if [ ! -f "$_jconda_root/jconda-meta/lock.yml" ]; then
                  echo "activate: $_jconda_root is not the packed environment; set JCONDA_PACK_ROOT" >&2
                  return 1 2>/dev/null || exit 1
                fi
                """.formatted(env.name()));
        appendExports(sb, "_jconda_root");
        sb.append("unset _jconda_root\n");
        return sb.toString();
    }

    /** {@code bin/serve}: the server with the environment's {@code serve:} defaults; arguments are its flags. */
    public String serveScript() {
        StringBuilder sb = new StringBuilder("""
                #!/bin/sh
                # The bundled model server of the packed jconda environment %s: serve:'s options are the
                # defaults, flags given here win. Needs no jconda and no network.
                root="$(cd "$(dirname "$0")/.." && pwd)"
                """.formatted(env.name()));
        appendExports(sb, "root");
        sb.append("exec \"$root/jdk/bin/java\" ").append(String.join(" ", MASTER_JAVA_OPTS))
                .append(" ${JCONDA_SERVE_JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED \\\n")
                .append("  -cp ").append(shellWord(classPathAt(ROOT), "root")).append(" ").append(SERVER_MAIN)
                .append(" \\\n  --config \"$root/jconda-meta/serve.conf\"");
        for (String flag : fileFlagsAt(ROOT)) {
            sb.append(" ").append(shellWord(flag, "root"));
        }
        sb.append(" \"$@\"\n");
        return sb.toString();
    }

    private void appendExports(StringBuilder sb, String rootVar) {
        variables.forEach((k, v) -> {
            String value = shellWord(v, rootVar);
            if ((k.equals("PATH") || k.equals("LD_LIBRARY_PATH"))) {
                value = value + "${" + k + ":+:$" + k + "}";
            }
            sb.append("export ").append(k).append('=').append(value).append('\n');
        });
    }

    /** A shell word for a value: literal parts single-quoted, the root as {@code "$var"}. */
    static String shellWord(String value, String rootVar) {
        if (value.isEmpty()) {
            return "''";
        }
        StringBuilder sb = new StringBuilder();
        String[] parts = value.split(ROOT, -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append("\"$").append(rootVar).append('"');
            }
            if (!parts[i].isEmpty()) {
                sb.append('\'').append(parts[i].replace("'", "'\\''")).append('\'');
            }
        }
        return sb.toString();
    }

    public EnvironmentContents contents() {
        return env;
    }

}
