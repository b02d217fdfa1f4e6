package dev.jconda.cli.workflow;

import dev.jconda.lock.LockedPackage;
import dev.jconda.run.RunEnvironment;
import dev.jconda.spec.MatchSpec;
import dev.jconda.spec.YamlWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * An installed environment written back as an environment file, as {@code conda env export}: every package pinned
 * (Maven ones as {@code name==version}, channel ones as conda's {@code name=version=build}), or with
 * {@code fromHistory} only the specs the user asked for; channels, {@code variables:} and {@code serve:} kept.
 */
public final class EnvironmentExport {
    private EnvironmentExport() {
    }

    public static String render(String name, RunEnvironment env, boolean fromHistory) {
        List<String> channelSpecs = new ArrayList<>();
        List<String> mavenSpecs = new ArrayList<>();
        if (fromHistory) {
            for (String spec : env.lock().specs()) {
                (MatchSpec.parse(spec).isMaven() ? mavenSpecs : channelSpecs).add(spec);
            }
        } else {
            for (LockedPackage p : env.packages()) {
                if (p.kind() == LockedPackage.Kind.MAVEN) {
                    mavenSpecs.add(p.name() + "==" + p.version());
                } else {
                    channelSpecs.add(p.name() + "=" + p.version() + "=" + (p.build().isEmpty() ? "*" : p.build()));
                }
            }
        }
        YamlWriter out = new YamlWriter().scalar(0, "name", name);
        if (!env.lock().channels().isEmpty()) {
            out.list(0, "channels", env.lock().channels());
        }
        out.key(0, "dependencies");
        channelSpecs.forEach(s -> out.quotedItem(2, s));
        if (!mavenSpecs.isEmpty()) {
            out.itemKey(2, "maven");
            mavenSpecs.forEach(s -> out.quotedItem(6, s));
        }
        out.quotedMap(0, "variables", env.activation().variables());
        out.quotedMap(0, "serve", env.activation().serve());
        return out.toString();
    }
}
