package dev.jconda.cli;

import dev.jconda.cache.PackageCache;
import dev.jconda.cli.workflow.EnvironmentBuilder;
import dev.jconda.cli.workflow.Locker;
import dev.jconda.lock.LockFile;
import dev.jconda.lock.LockedPackage;
import dev.jconda.platform.Platform;
import dev.jconda.prefix.PrefixInstaller;
import dev.jconda.run.RunEnvironment;
import dev.jconda.spec.EnvironmentFile;
import dev.jconda.spec.MatchSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code jconda install} and {@code jconda update} share, as conda does them: the environment's own history (the
 * specs it was created from, kept in its lock) plus the change, solved with every installed version kept unless the
 * change needs it to move, then installed all at once in place of the old environment.
 */
final class ChangeEnvironment {
    private ChangeEnvironment() {
    }

    /**
     * @param added     specs to add; a spec for a package the history already names replaces that one
     * @param freed     installed packages the solver may move (update); everything else stays where it is
     * @param updateAll free every package
     */
    static void apply(Context context, String name, List<MatchSpec> added, Set<String> freed, boolean updateAll,
                      boolean offline) {
        BeforeWriting.prepare(context.home());
        Path prefix = InstalledEnvironments.require(context, name);
        RunEnvironment installed = InstalledEnvironments.load(prefix);
        Map<String, MatchSpec> specs = new LinkedHashMap<>();
        for (String text : installed.lock().specs()) {
            MatchSpec spec = MatchSpec.parse(text);
            specs.put(spec.name().value(), spec);
        }
        for (MatchSpec spec : added) {
            specs.remove(spec.name().value()); // the new spec replaces the old one, in the new place
            specs.put(spec.name().value(), spec);
        }
        List<MatchSpec> channelSpecs = new ArrayList<>();
        List<MatchSpec> mavenSpecs = new ArrayList<>();
        specs.values().forEach(s -> (s.isMaven() ? mavenSpecs : channelSpecs).add(s));
        EnvironmentFile history = new EnvironmentFile(prefix.resolve("jconda-meta/lock.yml"), name,
                installed.lock().channels(), channelSpecs, mavenSpecs, installed.activation().variables(), null,
                List.of(), installed.activation().serve(), List.of());

        Platform platform = Platform.current();
        LockFile lock = new Locker(context.home(), context.env(), p -> context.virtualPackages().forPlatform(p),
                context.packageCache())
                .lock(history, new Locker.Options(List.of(platform), offline, false, installed.lock(), freed,
                        updateAll));
        List<LockedPackage> before = installed.packages();
        EnvironmentBuilder builder = new EnvironmentBuilder(context.packageCache(),
                new PrefixInstaller(Natives.extractor()));
        List<LockedPackage> after = builder.create(lock, platform, prefix, installed.activation(), true, offline,
                ServerTool.forEnvironment(context));
        report(context, name, before, after);
    }

    private static void report(Context context, String name, List<LockedPackage> before, List<LockedPackage> after) {
        Map<String, String> was = new LinkedHashMap<>();
        before.forEach(p -> was.put(p.name(), describe(p)));
        int changes = 0;
        for (LockedPackage p : after) {
            String old = was.remove(p.name());
            String now = describe(p);
            if (old == null) {
                context.out().println("  + " + p.name() + " " + now);
                changes++;
            } else if (!old.equals(now)) {
                context.out().println("  ~ " + p.name() + " " + old + " -> " + now);
                changes++;
            }
        }
        for (Map.Entry<String, String> gone : was.entrySet()) {
            context.out().println("  - " + gone.getKey() + " " + gone.getValue());
            changes++;
        }
        context.out().println(changes == 0 ? "Environment " + name + " is already up to date"
                : "Updated environment " + name + " (" + changes + " changes)");
    }

    private static String describe(LockedPackage p) {
        return p.build().isEmpty() ? p.version() : p.version() + " " + p.build();
    }
}
