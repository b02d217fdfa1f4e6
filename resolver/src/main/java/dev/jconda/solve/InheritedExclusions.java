package dev.jconda.solve;

import dev.jconda.model.Package;
import dev.jconda.model.Requirement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Maven exclusions each package of a graph inherits, Maven's way: those of its nearest path from the root.
 * The nearest incoming edge is the one whose source is fewest steps from the root (the root's own requirements
 * come first), ties going to the edge a breadth-first walk from the root meets first (edges in the order they
 * were declared); the package inherits that edge's exclusions and everything its source inherited. The search
 * fixes a candidate's set when it first reads its dependencies, from the edges and depths it knows at that
 * moment; {@link RequiredGraph} works the sets out again over the finished graph, and {@link Solver} searches
 * again when a package was read under other exclusions than the final graph gives it.
 */
final class InheritedExclusions {
    private InheritedExclusions() {
    }

    /** A requirement edge of a solution graph, from package id {@code from} (the root is 0) to {@code to}. */
    record Edge(int from, Requirement requirement, int to) {
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

    /** What a package reached over {@code edge} inherits, when the edge's source inherited {@code source}. */
    static Set<String> viaEdge(Requirement edge, Set<String> source) {
        if (source.isEmpty()) {
            return Set.copyOf(edge.exclusions());
        }
        Set<String> via = new HashSet<>(edge.exclusions());
        via.addAll(source);
        return Set.copyOf(via);
    }

    /**
     * Whether every package of the final graph had its dependencies read under exactly the exclusions it
     * inherits there ({@code exactly}), or under no more than those (otherwise: then nothing the final graph
     * requires was left out of the search, and what the extra reading brought in is not in {@code graph}).
     */
    static boolean readAsInherited(SearchResult.Solution solution, RequiredGraph graph, boolean exactly) {
        for (SearchResult.Chosen c : solution.chosen()) {
            Set<String> inherited = graph.inherited().get(c.pkg());
            if (inherited == null) {
                continue; // not in the final graph
            }
            Set<String> read = c.expansion().exclusions();
            if (exactly ? !read.equals(inherited) : !inherited.containsAll(read)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The exclusions to read dependencies under in the next round, first way: what the last round's final graph
     * says, over what earlier rounds settled. This can go on changing (a package read under fewer exclusions
     * brings a nearer path to another package, which changes its set, ...), so {@link Solver} only does it for
     * a few rounds and then {@linkplain #narrowed narrows}.
     */
    static Map<Package, Set<String>> replaced(Map<Package, Set<String>> settled, RequiredGraph graph) {
        Map<Package, Set<String>> next = new HashMap<>(settled);
        graph.inherited().forEach((pkg, exclusions) -> next.put(graph.chosen().get(pkg), exclusions));
        return next;
    }

    /**
     * The exclusions to read dependencies under in the next round, second way: what the last round's graph
     * says, but never more than an earlier round settled on. Sets only shrink, so the rounds end even where
     * exclusions and the graph keep changing each other; what was read under fewer exclusions than needed is
     * left out by {@link RequiredGraph}.
     */
    static Map<Package, Set<String>> narrowed(Map<Package, Set<String>> settled, RequiredGraph graph) {
        Map<Package, Set<String>> next = new HashMap<>(settled);
        graph.inherited().forEach((pkg, exclusions) -> next.merge(graph.chosen().get(pkg), exclusions,
                (old, now) -> {
                    Set<String> both = new HashSet<>(old);
                    both.retainAll(now);
                    return Set.copyOf(both);
                }));
        return next;
    }
}
