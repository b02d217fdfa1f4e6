package dev.jconda.solve;

import dev.jconda.model.Package;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Maven exclusions each chosen package inherits in a finished solution: the intersection, over every edge
 * into it, of the edge's exclusions and those its source inherited (the root's edges inherit none). The search
 * fixes a candidate's set when it first reads its dependencies, from the edges it knows at that moment; this
 * recomputes the sets over the final graph, and {@link Solver} searches again when they differ.
 */
final class InheritedExclusions {
    private InheritedExclusions() {
    }

    static Map<Package, Set<String>> of(SearchResult.Solution solution) {
        Map<Integer, SearchResult.Chosen> byPkg = new HashMap<>();
        for (SearchResult.Chosen c : solution.chosen()) {
            byPkg.put(c.pkg(), c);
        }
        Map<Integer, List<IncompatibilityCause.Dependency>> incoming = new HashMap<>();
        List<IncompatibilityCause.Dependency> edges = new ArrayList<>(solution.request().facts());
        for (SearchResult.Chosen c : solution.chosen()) {
            edges.addAll(c.expansion().facts());
        }
        for (IncompatibilityCause.Dependency d : edges) {
            if (!d.constrains() && byPkg.containsKey(d.dependee())) {
                incoming.computeIfAbsent(d.dependee(), k -> new ArrayList<>()).add(d);
            }
        }
        // a worklist over a monotone system: a set is first defined, then only shrinks, so this ends
        Map<Integer, Set<String>> inherited = new HashMap<>();
        inherited.put(Incompatibility.ROOT, Set.of());
        ArrayDeque<Integer> work = new ArrayDeque<>();
        Set<Integer> queued = new HashSet<>();
        for (IncompatibilityCause.Dependency d : solution.request().facts()) {
            if (!d.constrains() && queued.add(d.dependee())) {
                work.add(d.dependee());
            }
        }
        while (!work.isEmpty()) {
            int pkg = work.poll();
            queued.remove(pkg);
            Set<String> common = null;
            for (IncompatibilityCause.Dependency d : incoming.getOrDefault(pkg, List.of())) {
                Set<String> source = inherited.get(d.depender());
                if (source == null) {
                    continue;
                }
                Set<String> viaEdge = new HashSet<>(d.requirement().exclusions());
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
            SearchResult.Chosen chosen = byPkg.get(pkg);
            for (IncompatibilityCause.Dependency d : chosen.expansion().facts()) {
                if (!d.constrains() && byPkg.containsKey(d.dependee()) && queued.add(d.dependee())) {
                    work.add(d.dependee());
                }
            }
        }
        Map<Package, Set<String>> result = new HashMap<>();
        for (SearchResult.Chosen c : solution.chosen()) {
            result.put(c.candidate(), inherited.getOrDefault(c.pkg(), Set.of()));
        }
        return result;
    }

    /** Whether every chosen package's dependencies were read under the exclusions it inherits. */
    static boolean agree(SearchResult.Solution solution, Map<Package, Set<String>> inherited) {
        for (SearchResult.Chosen c : solution.chosen()) {
            if (!c.expansion().exclusions().equals(inherited.get(c.candidate()))) {
                return false;
            }
        }
        return true;
    }
}
