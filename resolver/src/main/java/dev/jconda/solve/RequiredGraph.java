package dev.jconda.solve;

import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Requirement;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of a finished search that the final graph requires, and the Maven exclusions each of its packages
 * inherits there ({@link InheritedExclusions}): breadth-first from the root, each package reached inherits those
 * of the edge it is first reached over, and its requirements are read under them (read again where the search
 * read them under another set). Usually that is everything the search chose. It can be less where a package was
 * read under fewer exclusions than it finally inherits: what only that over-reading brought in is left out.
 *
 * @param chosen    the packages kept, by search id, in breadth-first order
 * @param requires  each kept package's (and the root's, id 0) requirement edges into chosen packages, in the
 *                  order they were read
 * @param inherited each kept package's exclusions
 */
record RequiredGraph(Map<Integer, Package> chosen, Map<Integer, List<InheritedExclusions.Edge>> requires,
                     Map<Integer, Set<String>> inherited) {

    static RequiredGraph of(SearchResult.Solution solution, RememberingProvider provider) {
        Map<Integer, Package> all = new HashMap<>();
        Map<Integer, Expansion> expansions = new HashMap<>();
        Map<PackageName, Integer> ids = new HashMap<>();
        for (SearchResult.Chosen c : solution.chosen()) {
            all.put(c.pkg(), c.candidate());
            expansions.put(c.pkg(), c.expansion());
            ids.put(c.candidate().name(), c.pkg());
        }
        Map<Integer, Package> chosen = new LinkedHashMap<>();
        Map<Integer, List<InheritedExclusions.Edge>> requires = new HashMap<>();
        Map<Integer, Set<String>> inherited = new HashMap<>();
        inherited.put(Incompatibility.ROOT, Set.of());
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(Incompatibility.ROOT);
        while (!queue.isEmpty()) {
            int pkg = queue.poll();
            Set<String> mine = inherited.get(pkg);
            List<InheritedExclusions.Edge> edges;
            if (pkg == Incompatibility.ROOT) {
                edges = InheritedExclusions.edges(solution.request(), all);
            } else if (expansions.get(pkg).exclusions().equals(mine)) {
                edges = InheritedExclusions.edges(expansions.get(pkg), all);
            } else {
                edges = edges(pkg, provider.dependencies(all.get(pkg), mine).requires(), ids);
            }
            requires.put(pkg, edges);
            for (InheritedExclusions.Edge e : edges) {
                if (!inherited.containsKey(e.to())) {
                    inherited.put(e.to(), InheritedExclusions.viaEdge(e.requirement(), mine));
                    chosen.put(e.to(), all.get(e.to()));
                    queue.add(e.to());
                }
            }
        }
        inherited.remove(Incompatibility.ROOT);
        return new RequiredGraph(chosen, requires, inherited);
    }

    private static List<InheritedExclusions.Edge> edges(int from, List<Requirement> requirements,
                                                        Map<PackageName, Integer> ids) {
        List<InheritedExclusions.Edge> edges = new ArrayList<>();
        for (Requirement r : requirements) {
            Integer to = ids.get(r.name());
            if (to != null) {
                edges.add(new InheritedExclusions.Edge(from, r, to));
            }
        }
        return edges;
    }
}
