package dev.jconda.solve;

import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Requirement;
import dev.jconda.model.Version;
import dev.jconda.model.VersionConstraint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The order the search decides packages in: everything that requires a package before the package itself, as far
 * as a quick walk can tell.
 *
 * <p>PubGrub decides one package at a time. A package decided before something that requires it has been read
 * may get a version that later turns out to be too new; undoing it is a backjump that throws away every decision
 * made since. So before searching, this walks the graph once, taking for each package the candidate the search
 * would try first (installed, highest soft version asked for, or the provider's first one that fits what was
 * seen so far), and ranks the packages topologically over the requirements it read (a cycle is entered at the
 * package the walk met first). The walk asks the provider exactly what a solve without conflicts asks, and those
 * answers are remembered, so in the common case it costs nothing extra. Packages the walk never met come after
 * the ranked ones, in the order the search meets them. When a search round has to be repeated, the next one
 * decides in the order of what the last one actually chose ({@link #refinedBy}).
 */
final class DecisionOrder {
    private final Map<PackageName, Integer> rank;

    private DecisionOrder(Map<PackageName, Integer> rank) {
        this.rank = rank;
    }

    /** The rank of {@code name}, or -1 if the walk did not meet it. */
    int rankOf(PackageName name) {
        return rank.getOrDefault(name, -1);
    }

    int ranked() {
        return rank.size();
    }

    /** What the walk has seen asked of one package. */
    private static final class Asked {
        final int met;
        final List<VersionConstraint> constraints = new ArrayList<>();
        final List<Version> softVersions = new ArrayList<>();
        /** The walked packages whose first choice requires this one. */
        final List<Integer> requiredBy = new ArrayList<>();
        Set<String> exclusions;
        boolean walked;

        Asked(int met) {
            this.met = met;
        }
    }

    static DecisionOrder scout(SolveRequest request, RememberingProvider provider) {
        List<PackageName> names = new ArrayList<>();
        Map<PackageName, Integer> ids = new HashMap<>();
        List<Asked> asked = new ArrayList<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (Requirement r : request.roots()) {
            int id = meet(r.name(), names, ids, asked, queue);
            note(asked.get(id), r, Set.of());
        }
        for (Requirement pin : request.pinned()) {
            Integer id = ids.get(pin.name());
            if (id != null) {
                asked.get(id).constraints.add(pin.constraint());
            }
        }
        while (!queue.isEmpty()) {
            int id = queue.poll();
            Asked a = asked.get(id);
            a.walked = true;
            Package chosen = firstChoice(names.get(id), a, request, provider);
            if (chosen == null) {
                continue;
            }
            List<Requirement> requires;
            try {
                requires = provider.dependencies(chosen, a.exclusions).requires();
            } catch (ProviderException e) {
                continue; // the search asks again if it needs this package, and reports the failure then
            }
            for (Requirement r : requires) {
                int dependee = meet(r.name(), names, ids, asked, queue);
                Asked d = asked.get(dependee);
                if (!d.walked) {
                    note(d, r, a.exclusions);
                }
                d.requiredBy.add(id);
            }
        }
        return new DecisionOrder(walkedTopologically(names, asked));
    }

    private static int meet(PackageName name, List<PackageName> names, Map<PackageName, Integer> ids,
                            List<Asked> asked, ArrayDeque<Integer> queue) {
        Integer id = ids.get(name);
        if (id == null) {
            id = names.size();
            names.add(name);
            ids.put(name, id);
            asked.add(new Asked(id));
            queue.add(id);
        }
        return id;
    }

    private static void note(Asked a, Requirement r, Set<String> inherited) {
        a.constraints.add(r.constraint());
        if (r.preferred() != null) {
            a.softVersions.add(r.preferred());
        }
        Set<String> viaEdge = new HashSet<>(r.exclusions());
        viaEdge.addAll(inherited);
        if (a.exclusions == null) {
            a.exclusions = viaEdge;
        } else {
            a.exclusions.retainAll(viaEdge);
        }
    }

    /** The candidate the search would most likely try first, as far as the walk knows; null if none fits. */
    private static Package firstChoice(PackageName name, Asked a, SolveRequest request,
                                       RememberingProvider provider) {
        try {
            Package installed = request.installed().get(name);
            if (installed != null && fits(installed, a)) {
                return installed;
            }
            Version best = null;
            for (Version v : a.softVersions) {
                if (best == null || v.compareTo(best) > 0) {
                    Optional<Package> found = provider.candidate(name, v);
                    if (found.isPresent() && fits(found.get(), a)) {
                        best = v;
                    }
                }
            }
            if (best != null) {
                return provider.candidate(name, best).orElseThrow();
            }
            for (Package p : provider.candidates(name)) {
                if (fits(p, a)) {
                    return p;
                }
            }
        } catch (ProviderException e) {
            // as above: the search will ask again if the package matters
        }
        return null;
    }

    private static boolean fits(Package p, Asked a) {
        for (VersionConstraint c : a.constraints) {
            if (!c.matches(p.version())) {
                return false;
            }
        }
        return true;
    }

    /**
     * This order refined by a finished round: the packages it chose, topologically over what they actually
     * required (ties and cycles by this order), then everything else as before. A later round that decides in
     * this order meets every requirement on a package before deciding it, as far as the last round could tell.
     */
    DecisionOrder refinedBy(SearchResult.Solution solution) {
        List<SearchResult.Chosen> chosen = new ArrayList<>(solution.chosen());
        chosen.sort(Comparator.comparingInt(c -> {
            int r = rankOf(c.candidate().name());
            return r < 0 ? Integer.MAX_VALUE : r;
        }));
        Map<Integer, Integer> node = new HashMap<>();
        List<PackageName> names = new ArrayList<>();
        for (SearchResult.Chosen c : chosen) {
            node.put(c.pkg(), names.size());
            names.add(c.candidate().name());
        }
        List<List<Integer>> requires = new ArrayList<>();
        for (SearchResult.Chosen c : chosen) {
            List<Integer> out = new ArrayList<>();
            for (IncompatibilityCause.Dependency d : c.expansion().facts()) {
                Integer dependee = node.get(d.dependee());
                if (!d.constrains() && dependee != null) {
                    out.add(dependee);
                }
            }
            requires.add(out);
        }
        Map<PackageName, Integer> refined = topological(names, requires);
        List<PackageName> rest = new ArrayList<>(rank.keySet());
        rest.sort(Comparator.comparingInt(rank::get));
        for (PackageName name : rest) {
            refined.putIfAbsent(name, refined.size());
        }
        return new DecisionOrder(refined);
    }

    private static Map<PackageName, Integer> walkedTopologically(List<PackageName> names, List<Asked> asked) {
        List<List<Integer>> requires = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            requires.add(new ArrayList<>());
        }
        for (Asked a : asked) {
            for (int from : a.requiredBy) {
                requires.get(from).add(a.met);
            }
        }
        return topological(names, requires);
    }

    /**
     * Kahn's algorithm: {@code requires.get(i)} are the nodes node {@code i} requires, and a node's index breaks
     * ties; when only cycles are left, the lowest index goes next.
     */
    private static Map<PackageName, Integer> topological(List<PackageName> names, List<List<Integer>> requires) {
        int n = names.size();
        int[] waitingFor = new int[n];
        for (int from = 0; from < n; from++) {
            for (int to : requires.get(from)) {
                if (to != from) {
                    waitingFor[to]++;
                }
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < n; i++) {
            if (waitingFor[i] == 0) {
                ready.add(i);
            }
        }
        Map<PackageName, Integer> rank = new HashMap<>();
        boolean[] placed = new boolean[n];
        int nextUnplaced = 0;
        while (rank.size() < n) {
            if (ready.isEmpty()) {
                while (placed[nextUnplaced]) {
                    nextUnplaced++;
                }
                ready.add(nextUnplaced);
            }
            int id = ready.poll();
            if (placed[id]) {
                continue;
            }
            placed[id] = true;
            rank.put(names.get(id), rank.size());
            for (int to : requires.get(id)) {
                if (to != id && !placed[to] && --waitingFor[to] == 0) {
                    ready.add(to);
                }
            }
        }
        return rank;
    }
}
