package dev.jconda.cli;

import dev.jconda.cli.workflow.Environments;
import dev.jconda.cli.workflow.PackageDiff;
import dev.jconda.lock.LockedPackage;
import dev.jconda.platform.JsonWriter;

/** The {@code --json} answer of a command that made or changed an environment: where, and what changed. */
final class ResultJson {
    private ResultJson() {
    }

    static String of(Environments.Plan plan, PackageDiff diff) {
        JsonWriter out = new JsonWriter().beginObject().name("success").value(true)
                .name("name").value(plan.name()).name("prefix").value(plan.prefix().toString());
        out.name("added").beginArray();
        diff.added().forEach(p -> pkg(out, p));
        out.endArray().name("moved").beginArray();
        diff.moved().forEach(m -> {
            out.beginObject().name("name").value(m.to().name()).name("from").value(PackageDiff.describe(m.from()))
                    .name("to").value(PackageDiff.describe(m.to())).endObject();
        });
        out.endArray().name("removed").beginArray();
        diff.removed().forEach(p -> pkg(out, p));
        return out.endArray().endObject().toString();
    }

    private static void pkg(JsonWriter out, LockedPackage p) {
        out.beginObject().name("name").value(p.name()).name("version").value(p.version())
                .name("build").value(p.build()).endObject();
    }
}
