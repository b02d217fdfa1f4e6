package dev.jconda.solve;

import dev.jconda.model.Dependencies;
import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Version;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Asks the provider each question once per solve: listing Maven versions and reading POMs cost network requests,
 * and the search asks again after every backjump and in every exclusion round.
 */
final class RememberingProvider {
    private record Expansion(Package pkg, Set<String> exclusions) {
    }

    private record Probe(PackageName name, Version version) {
    }

    private final DependencyProvider provider;
    private final Map<PackageName, List<Package>> lists = new HashMap<>();
    private final Map<Probe, Optional<Package>> probes = new HashMap<>();
    private final Map<Expansion, Dependencies> dependencies = new HashMap<>();

    RememberingProvider(DependencyProvider provider) {
        this.provider = provider;
    }

    List<Package> candidates(PackageName name) {
        List<Package> known = lists.get(name);
        if (known == null) {
            known = List.copyOf(provider.candidates(name));
            lists.put(name, known);
        }
        return known;
    }

    Optional<Package> candidate(PackageName name, Version version) {
        Probe probe = new Probe(name, version);
        Optional<Package> known = probes.get(probe);
        if (known == null) {
            known = provider.candidate(name, version);
            probes.put(probe, known);
        }
        return known;
    }

    Dependencies dependencies(Package pkg, Set<String> inheritedExclusions) {
        Expansion key = new Expansion(pkg, Set.copyOf(inheritedExclusions));
        Dependencies known = dependencies.get(key);
        if (known == null) {
            known = provider.dependencies(pkg, key.exclusions());
            dependencies.put(key, known);
        }
        return known;
    }
}
