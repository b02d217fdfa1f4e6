package dev.jconda.cli;

import dev.jconda.lock.LockFileWriter;
import dev.jconda.lock.LockedPackage;
import dev.jconda.run.RunEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Print an installed environment as an environment file (or a lockfile).",
                "",
                "By default every package is pinned with its version and build, as `conda env export`; "
                        + "--from-history prints only what the environment file asked for; --lock prints the lockfile of "
                        + "the environment as installed, which `jconda env create -f` installs again exactly."})
final class EnvExport implements Runnable {
    private final Context context;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "the environment")
    String name;

    @Option(names = "--from-history", description = "only the specs the user asked for")
    boolean fromHistory;

    @Option(names = "--lock", description = "the installed lockfile")
    boolean lock;

    EnvExport(Context context) {
        this.context = context;
    }

    @Override
    public void run() {
        if (fromHistory && lock) {
            throw new UserError("--from-history and --lock exclude each other");
        }
        RunEnvironment env = InstalledEnvironments.load(context, name);
        if (lock) {
            context.out().print(new LockFileWriter().render(env.lock()));
            return;
        }
        List<String> channelSpecs = new ArrayList<>();
        List<String> mavenSpecs = new ArrayList<>();
        if (fromHistory) {
            for (String spec : env.lock().specs()) {
                (isMaven(spec) ? mavenSpecs : channelSpecs).add(spec);
            }
        } else {
            for (LockedPackage p : env.packages()) {
                if (p.kind() == LockedPackage.Kind.MAVEN) {
                    mavenSpecs.add(p.name() + "==" + p.version());
                } else {
                    // conda's export form: name=version=build (an exact version with that build)
                    channelSpecs.add(p.name() + "=" + p.version() + "=" + (p.build().isEmpty() ? "*" : p.build()));
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("name: ").append(name).append('\n');
        if (!env.lock().channels().isEmpty()) {
            out.append("channels:\n");
            env.lock().channels().forEach(c -> out.append("  - ").append(c).append('\n'));
        }
        out.append("dependencies:\n");
        channelSpecs.forEach(s -> out.append("  - \"").append(s).append("\"\n"));
        if (!mavenSpecs.isEmpty()) {
            out.append("  - maven:\n");
            mavenSpecs.forEach(s -> out.append("      - \"").append(s).append("\"\n"));
        }
        Map<String, String> variables = env.activation().variables();
        if (!variables.isEmpty()) {
            out.append("variables:\n");
            variables.forEach((k, v) -> out.append("  ").append(k).append(": \"")
                    .append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n"));
        }
        Map<String, String> serve = env.activation().serve();
        if (!serve.isEmpty()) {
            out.append("serve:\n");
            serve.forEach((k, v) -> out.append("  ").append(k).append(": \"")
                    .append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n"));
        }
        context.out().print(out);
    }

    private static boolean isMaven(String spec) {
        String s = spec.contains("::") ? spec.substring(spec.indexOf("::") + 2) : spec;
        int op = 0;
        while (op < s.length() && "=<>!~ ".indexOf(s.charAt(op)) < 0) {
            op++;
        }
        return s.substring(0, op).contains(":");
    }
}
