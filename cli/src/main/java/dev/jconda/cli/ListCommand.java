package dev.jconda.cli;

import dev.jconda.lock.LockedPackage;
import dev.jconda.platform.JsonWriter;
import dev.jconda.prefix.EnvironmentHistory;
import dev.jconda.run.RunEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"List the packages of an environment, or its revisions (as `conda list`).",
                "",
                "--revisions shows each change made to the environment, numbered from 0; return to one with "
                        + "`jconda install -n NAME --revision N`.",
                "",
                "Examples:",
                "  jconda list -n hello-jvm",
                "  jconda list -n hello-jvm --revisions"})
final class ListCommand implements Runnable {
    private final Context context;

    @picocli.CommandLine.Mixin
    EnvironmentOption environment = new EnvironmentOption();

    @Option(names = "--revisions", description = "the environment's revisions instead of its packages")
    boolean revisions;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    ListCommand(Context context) {
        this.context = context;
    }

    @Override
    public void run() {
        Path target = environment.resolve(context);
        if (revisions) {
            EnvironmentHistory history = EnvironmentHistory.read(target);
            context.out().print(json ? revisionsJson(history) : revisionsText(history));
            return;
        }
        RunEnvironment env = InstalledEnvironments.load(target);
        context.out().print(json ? packagesJson(env.packages()) : packagesText(target, env.packages()));
    }

    private static String packagesText(Path prefix, List<LockedPackage> packages) {
        StringBuilder out = new StringBuilder("# packages in environment at " + prefix + ":\n#\n");
        out.append(String.format("# %-44s %-18s %-14s %s%n", "Name", "Version", "Build", "Channel"));
        for (LockedPackage p : packages) {
            out.append(String.format("%-46s %-18s %-14s %s%n", p.name(), p.version(), p.build(), p.channel()));
        }
        return out.toString();
    }

    private static String packagesJson(List<LockedPackage> packages) {
        JsonWriter json = new JsonWriter().beginArray();
        for (LockedPackage p : packages) {
            json.beginObject().name("name").value(p.name()).name("version").value(p.version())
                    .name("build").value(p.build()).name("kind").value(p.kind().id())
                    .name("channel").value(p.channel()).name("requested").value(p.requested()).endObject();
        }
        return json.endArray() + "\n";
    }

    /** conda's layout: {@code DATE  (rev N)}, then one line a package: {@code +added}, {@code -removed}, {@code name  {old -> new}}. */
    private static String revisionsText(EnvironmentHistory history) {
        StringBuilder out = new StringBuilder();
        for (EnvironmentHistory.Revision r : history.revisions()) {
            out.append(r.date()).append("  (rev ").append(r.number()).append(")\n");
            Moves moves = Moves.of(r);
            moves.moved.forEach((n, v) -> out.append("     ").append(n).append("  {").append(v).append("}\n"));
            moves.removed.forEach(s -> out.append("    -").append(display(s)).append('\n'));
            moves.added.forEach(s -> out.append("    +").append(display(s)).append('\n'));
            out.append('\n');
        }
        return out.toString();
    }

    private static String revisionsJson(EnvironmentHistory history) {
        JsonWriter json = new JsonWriter().beginArray();
        for (EnvironmentHistory.Revision r : history.revisions()) {
            json.beginObject().name("rev").value(r.number()).name("date").value(r.date())
                    .name("cmd").value(r.command());
            json.name("install").beginArray();
            r.added().forEach(json::value);
            json.endArray().name("remove").beginArray();
            r.removed().forEach(json::value);
            json.endArray().endObject();
        }
        return json.endArray() + "\n";
    }

    /** {@code name-version[-build]}, as conda shows a package in a revision. */
    private static String display(String spec) {
        return EnvironmentHistory.nameOf(spec) + "-" + EnvironmentHistory.versionOf(spec).replace(' ', '-');
    }

    /** A revision's lines paired up: a package both removed and added moved from one version to another. */
    private record Moves(Map<String, String> moved, List<String> added, List<String> removed) {
        static Moves of(EnvironmentHistory.Revision r) {
            Map<String, String> removedByName = new LinkedHashMap<>();
            r.removed().forEach(s -> removedByName.put(EnvironmentHistory.nameOf(s), s));
            Map<String, String> moved = new LinkedHashMap<>();
            List<String> added = new ArrayList<>();
            for (String s : r.added()) {
                String old = removedByName.remove(EnvironmentHistory.nameOf(s));
                if (old == null) {
                    added.add(s);
                } else {
                    moved.put(EnvironmentHistory.nameOf(s), EnvironmentHistory.versionOf(old) + " -> "
                            + EnvironmentHistory.versionOf(s));
                }
            }
            return new Moves(moved, added, List.copyOf(removedByName.values()));
        }
    }
}
