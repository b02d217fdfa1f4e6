package dev.jconda.bench;

import dev.jconda.model.Dependencies;
import dev.jconda.model.MavenPackage;
import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Requirement;
import dev.jconda.model.Version;
import dev.jconda.solve.DependencyProvider;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A package universe held in memory and built once: every answer is a map lookup, so a benchmark measures the
 * solver and not the provider. Packages are Maven artifacts {@code bench:NAME} from a pretend repository.
 */
final class MemoryProvider implements DependencyProvider {
    private static final String REPOSITORY = "memory:bench";

    private final Map<PackageName, List<Package>> candidates = new HashMap<>();
    private final Map<PackageName, Map<Version, Package>> byVersion = new HashMap<>();
    private final Map<Package, Dependencies> dependencies = new HashMap<>();
    private int versions;

    static PackageName name(String artifact) {
        return PackageName.maven("bench", artifact, "");
    }

    /** Adds {@code artifact} at {@code version}; add the versions of one artifact newest first. */
    Package add(String artifact, Version version, List<Requirement> requires) {
        Package p = new MavenPackage("bench", artifact, "", "jar", version, REPOSITORY);
        candidates.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(p);
        byVersion.computeIfAbsent(p.name(), n -> new HashMap<>()).put(version, p);
        dependencies.put(p, new Dependencies(requires, List.of()));
        versions++;
        return p;
    }

    int packageCount() {
        return candidates.size();
    }

    int versionCount() {
        return versions;
    }

    /** What {@code pkg} requires, for checking a solution. */
    List<Requirement> requires(Package pkg) {
        return dependencies.get(pkg).requires();
    }

    @Override
    public List<Package> candidates(PackageName name) {
        return candidates.getOrDefault(name, List.of());
    }

    @Override
    public Optional<Package> candidate(PackageName name, Version version) {
        return Optional.ofNullable(byVersion.getOrDefault(name, Map.of()).get(version));
    }

    @Override
    public Dependencies dependencies(Package pkg, Set<String> inheritedExclusions) {
        Dependencies d = dependencies.get(pkg);
        return d == null ? Dependencies.none() : d;
    }
}
