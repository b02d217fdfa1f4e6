package dev.jconda.solve;

import dev.jconda.model.Package;
import dev.jconda.model.Requirement;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Maven exclusions each package of a graph inherits: the intersection, over every edge into it, of the edge's
 * exclusions and those its source inherited (the root's edges inherit none). The search fixes a candidate's set
 * when it first reads its dependencies, from the edges it knows at that moment; this recomputes the sets over a
 * finished graph, and {@link Solver} searches again when a package was read under more exclusions than the
 * final graph gives it.
 */
final class InheritedExclusions {
    private InheritedExclusions() {
    }

    /** A requirement edge of a solution graph, from package id {@code from} (the root is 0) to {@code to}. */
    record Edge(int from, Requirement requirement, int to) {
    }

    /** The exclusions each chosen package of {@code solution} inherits over the edges the search read. */
    static Map<Package, Set<String>> of(SearchResult.Solution solution) {
        Map<Integer, Package> chosen = new HashMap<>();
        for (SearchResult.Chosen c : solution.chosen()) {
            chosen.put(c.pkg(), c.candidate());
        }
        Map<Integer, List<Edge>> edgesFrom = new HashMap<>();
        edgesFrom.put(Incompatibility.ROOT, edges(solution.request(), chosen));
        for (SearchResult.Chosen c : solution.chosen()) {
            edgesFrom.put(c.pkg(), edges(c.expansion(), chosen));
        }
        Map<Integer, Set<String>> inherited = over(edgesFrom);
        Map<Package, Set<String>> result = new HashMap<>();
        for (SearchResult.Chosen c : solution.chosen()) {
            result.put(c.candidate(), inherited.getOrDefault(c.pkg(), Set.of()));
        }
        return result;
    }

    /** The requirement edges of {@code expansion} into chosen packages. */
    static List<Edge> edges(Expansion expansion, Map<Integer, Package> chosen) {
        List<Edge> edges = new ArrayList<>();
        for (IncompatibilityCause.Dependency d : expansion.facts()) {
            if (!d.constrains() && chosen.containsKey(d.dependee())) {
                edges.add(new Edge(d.depender(), d.requirement(), d.dependee()));
            }
        }
        return edges;
    }

    /**
     * The exclusions each package reachable from the root over {@code edgesFrom} inherits. A worklist over a
     * monotone system: a package's set is first defined when an edge reaches it, then only shrinks, so this ends.
     */
    static Map<Integer, Set<String>> over(Map<Integer, List<Edge>> edgesFrom) {
        Map<Integer, List<Edge>> incoming = new HashMap<>();
        for (List<Edge> edges : edgesFrom.values()) {
            for (Edge e : edges) {
                incoming.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e);
            }
        }
        Map<Integer, Set<String>> inherited = new HashMap<>();
        inherited.put(Incompatibility.ROOT, Set.of());
        ArrayDeque<Integer> work = new ArrayDeque<>();
        Set<Integer> queued = new HashSet<>();
        for (Edge e : edgesFrom.getOrDefault(Incompatibility.ROOT, List.of())) {
            if (queued.add(e.to())) {
                work.add(e.to());
            }
        }
        while (!work.isEmpty()) {
            int pkg = work.poll();
            queued.remove(pkg);
            Set<String> common = null;
            for (Edge e : incoming.getOrDefault(pkg, List.of())) {
                Set<String> source = inherited.get(e.from());
                if (source == null) {
                    continue;
                }
                Set<String> viaEdge = new HashSet<>(e.requirement().exclusions());
                viaEdge.addAll(source);
                if (common == null) {
                    common = viaEdge;
                } else {
                    common.retainAll(viaEdge);
                }
            }
            if (common == null || common.equals(inherited.get(pkg))) {
                continue;
            }
            inherited.put(pkg, Set.copyOf(common));
            for (Edge e : edgesFrom.getOrDefault(pkg, List.of())) {
                if (queued.add(e.to())) {
                    work.add(e.to());
                }
            }
        }
        inherited.remove(Incompatibility.ROOT);
        return inherited;
    }

    /**
     * Whether no chosen package's dependencies were read under more exclusions than it inherits, so that nothing
     * the final graph requires was left out. (Fewer is allowed: see {@link #narrowed}.)
     */
    static boolean keepEverythingRequired(SearchResult.Solution solution, Map<Package, Set<String>> inherited) {
        for (SearchResult.Chosen c : solution.chosen()) {
            if (!inherited.get(c.candidate()).containsAll(c.expansion().exclusions())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The exclusions to read dependencies under in the next round: what the last round's graph says, but never
     * more than an earlier round settled on. Sets only shrink, so the rounds end even where exclusions and the
     * graph keep changing each other (a cycle back into an excluded subtree); what was read under fewer
     * exclusions than needed is trimmed away by {@link RequiredGraph}.
     */
    static Map<Package, Set<String>> narrowed(Map<Package, Set<String>> settled, Map<Package, Set<String>> inherited) {
        Map<Package, Set<String>> next = new HashMap<>(settled);
        inherited.forEach((pkg, exclusions) -> next.merge(pkg, exclusions, (old, now) -> {
            Set<String> both = new HashSet<>(old);
            both.retainAll(now);
            return Set.copyOf(both);
        }));
        return next;
    }
}
