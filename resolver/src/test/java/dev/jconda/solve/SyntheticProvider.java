package dev.jconda.solve;

import dev.jconda.model.ChannelPackage;
import dev.jconda.model.Dependencies;
import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Requirement;
import dev.jconda.model.Version;
import dev.jconda.model.VersionConstraint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Generated package graphs for scale tests, with requirements built once rather than parsed per call. */
final class SyntheticProvider implements DependencyProvider {
    private final Map<PackageName, List<Package>> candidates = new HashMap<>();
    private final Map<Package, List<Requirement>> requires = new HashMap<>();
    private int dependencyReads;

    /** Adds {@code name} at {@code version}, which requires {@code deps}; list versions newest first yourself. */
    Package add(String name, String version, List<Requirement> deps) {
        Package p = new ChannelPackage(PackageName.of(name), Version.of(version), "", 0, "synthetic",
                List.of(), List.of(), Map.of());
        candidates.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(p);
        requires.put(p, List.copyOf(deps));
        return p;
    }

    static Requirement requirement(String name, VersionConstraint constraint, String by) {
        return Requirement.of(PackageName.of(name), constraint, by);
    }

    static VersionConstraint at(VersionConstraint.Operator op, String version) {
        return new VersionConstraint.Compare(op, Version.of(version));
    }

    int dependencyReads() {
        return dependencyReads;
    }

    /** Whether {@code solved} gives every chosen package what it requires. */
    String problemsWith(SolveResult.Solved solved) {
        Map<PackageName, Package> chosen = new HashMap<>();
        for (Package p : solved.packages()) {
            chosen.put(p.name(), p);
        }
        StringBuilder problems = new StringBuilder();
        for (Package p : solved.packages()) {
            for (Requirement r : requires.getOrDefault(p, List.of())) {
                Package dep = chosen.get(r.name());
                if (dep == null || !r.constraint().matches(dep.version())) {
                    problems.append(p.display()).append(" needs ").append(r.name()).append(' ')
                            .append(r.constraint()).append(" but has ").append(dep).append('\n');
                }
            }
        }
        return problems.toString();
    }

    @Override
    public List<Package> candidates(PackageName name) {
        return candidates.getOrDefault(name, List.of());
    }

    @Override
    public Optional<Package> candidate(PackageName name, Version version) {
        return candidates(name).stream().filter(p -> p.version().equals(version)).findFirst();
    }

    @Override
    public Dependencies dependencies(Package pkg, Set<String> inheritedExclusions) {
        dependencyReads++;
        return new Dependencies(requires.getOrDefault(pkg, List.of()), List.of());
    }
}
