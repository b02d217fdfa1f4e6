package dev.jconda.cli.workflow;

import dev.jconda.lock.LockedPackage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a change does to an environment's packages: added, moved to another version or build, removed. */
public record PackageDiff(List<LockedPackage> added, List<Moved> moved, List<LockedPackage> removed) {
    public PackageDiff {
        added = List.copyOf(added);
        moved = List.copyOf(moved);
        removed = List.copyOf(removed);
    }

    public record Moved(LockedPackage from, LockedPackage to) {
    }

    public static PackageDiff of(List<LockedPackage> before, List<LockedPackage> after) {
        Map<String, LockedPackage> was = new LinkedHashMap<>();
        before.forEach(p -> was.put(p.name(), p));
        List<LockedPackage> added = new ArrayList<>();
        List<Moved> moved = new ArrayList<>();
        for (LockedPackage p : after) {
            LockedPackage old = was.remove(p.name());
            if (old == null) {
                added.add(p);
            } else if (!describe(old).equals(describe(p))) {
                moved.add(new Moved(old, p));
            }
        }
        return new PackageDiff(added, moved, List.copyOf(was.values()));
    }

    public boolean isEmpty() {
        return added.isEmpty() && moved.isEmpty() && removed.isEmpty();
    }

    public int size() {
        return added.size() + moved.size() + removed.size();
    }

    /** One line a change, as {@code jconda install} prints it before and after. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        added.forEach(p -> out.add("  + " + p.name() + " " + describe(p)));
        moved.forEach(m -> out.add("  ~ " + m.to().name() + " " + describe(m.from()) + " -> " + describe(m.to())));
        removed.forEach(p -> out.add("  - " + p.name() + " " + describe(p)));
        return out;
    }

    /** A package's version, and its build where it has one. */
    public static String describe(LockedPackage p) {
        return p.build().isEmpty() ? p.version() : p.version() + " " + p.build();
    }
}
