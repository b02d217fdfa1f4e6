package dev.jconda.solve;

import dev.jconda.model.ChannelPackage;
import dev.jconda.model.Dependencies;
import dev.jconda.model.MavenPackage;
import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Requirement;
import dev.jconda.model.Version;
import dev.jconda.model.VirtualPackage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A tiny package universe for solver tests: channels in priority order, Maven artifacts (names with a colon),
 * this machine's virtual packages. It behaves as the real providers promise: strict channel priority (a name is
 * only offered from the first channel that has it), newest first, Maven exclusions applied to what a package
 * requires. It counts what it was asked, so tests can check that soft versions avoid listing.
 */
final class InMemoryProvider implements DependencyProvider {
    private record Listed(Package pkg, List<String> depends, List<String> constrains) {
    }

    private final Map<String, List<Listed>> channels = new LinkedHashMap<>();
    private final Map<PackageName, VirtualPackage> virtual = new HashMap<>();
    private final Map<Package, Listed> byPackage = new HashMap<>();
    private final List<PackageName> listed = new ArrayList<>();
    private final List<String> expansions = new ArrayList<>();

    /**
     * Adds {@code "name version [build]"} to {@code channel} (lower priority than the channels added before).
     */
    Package add(String channel, String spec, List<String> depends, List<String> constrains) {
        String[] parts = spec.trim().split("\\s+");
        if (parts.length < 2) {
            throw new IllegalArgumentException("expected 'name version [build]': " + spec);
        }
        PackageName name = PackageName.of(parts[0]);
        Version version = Version.of(parts[1]);
        String build = parts.length > 2 ? parts[2] : "";
        Package pkg;
        if (name.isMaven()) {
            String[] coordinates = parts[0].split(":");
            pkg = new MavenPackage(coordinates[0], coordinates[1], coordinates.length > 2 ? coordinates[2] : "",
                    "jar", version, channel);
        } else {
            pkg = new ChannelPackage(name, version, build, 0, channel, depends, constrains, Map.of());
        }
        Listed entry = new Listed(pkg, List.copyOf(depends), List.copyOf(constrains));
        channels.computeIfAbsent(channel, c -> new ArrayList<>()).add(entry);
        byPackage.put(pkg, entry);
        return pkg;
    }

    Package add(String spec, String... depends) {
        return add("main", spec, List.of(depends), List.of());
    }

    void addVirtual(String spec) {
        String[] parts = spec.trim().split("\\s+");
        PackageName name = PackageName.of(parts[0]);
        virtual.put(name, new VirtualPackage(name, Version.of(parts[1]), parts.length > 2 ? parts[2] : ""));
    }

    /** The package {@code "name version [build]"}, wherever it was added. */
    Optional<Package> find(String spec) {
        String[] parts = spec.trim().split("\\s+");
        for (Listed l : byPackage.values()) {
            Package p = l.pkg();
            if (p.name().value().equals(parts[0]) && p.version().text().equals(parts[1])
                    && (parts.length < 3 || build(p).equals(parts[2]))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Names whose full candidate list was asked for, in order. */
    List<PackageName> listed() {
        return listed;
    }

    /** {@code "display [exclusions]"} for every dependency read. */
    List<String> expansions() {
        return expansions;
    }

    @Override
    public List<Package> candidates(PackageName name) {
        listed.add(name);
        if (name.isVirtual()) {
            VirtualPackage v = virtual.get(name);
            return v == null ? List.of() : List.of(v);
        }
        for (List<Listed> channel : channels.values()) {
            List<Package> found = new ArrayList<>();
            for (Listed l : channel) {
                if (l.pkg().name().equals(name)) {
                    found.add(l.pkg());
                }
            }
            if (!found.isEmpty()) {
                // newest first; builds of one version keep the order they were listed in
                found.sort(Comparator.comparing(Package::version).reversed());
                return found;
            }
        }
        return List.of();
    }

    @Override
    public Optional<Package> candidate(PackageName name, Version version) {
        for (List<Listed> channel : channels.values()) {
            for (Listed l : channel) {
                if (l.pkg().name().equals(name) && l.pkg().version().equals(version)) {
                    return Optional.of(l.pkg());
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Dependencies dependencies(Package pkg, Set<String> inheritedExclusions) {
        expansions.add(pkg.display() + " " + new java.util.TreeSet<>(inheritedExclusions));
        Listed entry = byPackage.get(pkg);
        if (entry == null) {
            return Dependencies.none();
        }
        List<Requirement> requires = new ArrayList<>();
        for (String d : entry.depends()) {
            Requirement r = FixtureSpec.requirement(d, pkg.display());
            if (inheritedExclusions.stream().noneMatch(p -> excludes(p, r.name()))) {
                requires.add(r);
            }
        }
        List<Requirement> constrains = new ArrayList<>();
        for (String c : entry.constrains()) {
            constrains.add(FixtureSpec.requirement(c, pkg.display()));
        }
        return new Dependencies(requires, constrains);
    }

    /** Maven's exclusion patterns: {@code group:artifact}, either part may be {@code *}. */
    static boolean excludes(String pattern, PackageName name) {
        String[] p = pattern.split(":");
        String[] n = name.value().split(":");
        if (n.length < 2 || p.length < 2) {
            return pattern.equals(name.value());
        }
        return (p[0].equals("*") || p[0].equals(n[0])) && (p[1].equals("*") || p[1].equals(n[1]));
    }

    static String build(Package p) {
        return switch (p) {
            case ChannelPackage c -> c.build();
            case VirtualPackage v -> v.build();
            case MavenPackage m -> m.classifier();
        };
    }
}
