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
 * The part of a finished search that the final graph requires: from the root, each package's requirements as read
 * under the exclusions it finally inherits. Usually that is everything the search chose. It can be less where
 * Maven exclusions and the graph kept changing each other and a package was read under fewer exclusions than it
 * inherits in the end ({@link InheritedExclusions#narrowed}): what only that over-reading brought in is dropped.
 * Dropping only ever removes edges, so it ends, and what remains gives every package what it requires.
 *
 * @param chosen   the packages kept, by search id
 * @param requires each kept package's (and the root's, id 0) requirement edges, in the order they were read
 */
record RequiredGraph(Map<Integer, Package> chosen, Map<Integer, List<InheritedExclusions.Edge>> requires) {

    static RequiredGraph of(SearchResult.Solution solution, RememberingProvider provider) {
        Map<Integer, Package> chosen = new LinkedHashMap<>();
        Map<PackageName, Integer> ids = new HashMap<>();
        Map<Integer, Set<String>> readUnder = new HashMap<>();
        Map<Integer, List<InheritedExclusions.Edge>> requires = new HashMap<>();
        for (SearchResult.Chosen c : solution.chosen()) {
            chosen.put(c.pkg(), c.candidate());
            ids.put(c.candidate().name(), c.pkg());
        }
        requires.put(Incompatibility.ROOT, InheritedExclusions.edges(solution.request(), chosen));
        for (SearchResult.Chosen c : solution.chosen()) {
            requires.put(c.pkg(), InheritedExclusions.edges(c.expansion(), chosen));
            readUnder.put(c.pkg(), c.expansion().exclusions());
        }
        while (true) {
            Map<Integer, Set<String>> inherited = InheritedExclusions.over(requires);
            boolean reread = false;
            for (Map.Entry<Integer, Set<String>> e : inherited.entrySet()) {
                int pkg = e.getKey();
                if (!e.getValue().equals(readUnder.get(pkg))) {
                    requires.put(pkg, edges(pkg, provider.dependencies(chosen.get(pkg), e.getValue()).requires(),
                            ids));
                    readUnder.put(pkg, e.getValue());
                    reread = true;
                }
            }
            Map<Integer, Package> reached = reachable(requires, chosen);
            if (!reread && reached.size() == chosen.size()) {
                return new RequiredGraph(chosen, requires);
            }
            chosen = reached;
            requires.keySet().removeIf(pkg -> pkg != Incompatibility.ROOT && !reached.containsKey(pkg));
        }
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

    private static Map<Integer, Package> reachable(Map<Integer, List<InheritedExclusions.Edge>> requires,
                                                   Map<Integer, Package> chosen) {
        Map<Integer, Package> reached = new LinkedHashMap<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(Incompatibility.ROOT);
        while (!queue.isEmpty()) {
            for (InheritedExclusions.Edge e : requires.getOrDefault(queue.poll(), List.of())) {
                if (chosen.containsKey(e.to()) && !reached.containsKey(e.to())) {
                    reached.put(e.to(), chosen.get(e.to()));
                    queue.add(e.to());
                }
            }
        }
        return reached;
    }
}
