package dev.jconda.solve;

import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Version;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every package one search has heard of, numbered in the order it was first mentioned (which is also the order the
 * search decides them in), with what is known of its candidates. The only place that asks the provider for
 * candidates.
 */
final class KnownPackages {
    private final RememberingProvider provider;
    private final Map<PackageName, Package> installed;
    private final Map<PackageName, Version> softFloors;
    private final List<KnownCandidates> byId = new ArrayList<>();
    private final Map<PackageName, Integer> ids = new HashMap<>();

    KnownPackages(RememberingProvider provider, Map<PackageName, Package> installed,
                  Map<PackageName, Version> softFloors) {
        this.provider = provider;
        this.installed = installed;
        this.softFloors = softFloors;
        byId.add(KnownCandidates.root());
    }

    int count() {
        return byId.size();
    }

    KnownCandidates get(int id) {
        return byId.get(id);
    }

    /**
     * The id of {@code name}, registering it when new, with what is known for free: its installed candidate and
     * the soft-version floor an earlier round found.
     */
    int idOf(PackageName name) {
        Integer id = ids.get(name);
        if (id != null) {
            return id;
        }
        KnownCandidates known = new KnownCandidates(byId.size(), name);
        Package current = installed.get(name);
        if (current != null) {
            known.markInstalled(current);
        }
        Version floor = softFloors.get(name);
        if (floor != null) {
            known.raiseSoftFloor(floor);
        }
        byId.add(known);
        ids.put(name, known.id());
        return known.id();
    }

    /** Asks for one version (a Maven soft version) unless the list is complete; returns whether it grew. */
    boolean probe(int id, Version version) {
        KnownCandidates known = byId.get(id);
        if (known.isComplete() || known.wasProbed(version)) {
            return false;
        }
        return known.addProbed(version, provider.candidate(known.name(), version).orElse(null));
    }

    /** Reads the provider's full list; returns whether any candidate was new. */
    boolean complete(int id) {
        KnownCandidates known = byId.get(id);
        if (known.isComplete()) {
            return false;
        }
        return known.completeWith(provider.candidates(known.name()));
    }
}
