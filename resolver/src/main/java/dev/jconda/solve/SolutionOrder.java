package dev.jconda.solve;

import dev.jconda.model.Package;
import dev.jconda.model.PackageName;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a finished search into {@link SolveResult.Solved}: the roots in request order, then breadth-first
 * through what each package requires, which is the order the class path is written in.
 */
final class SolutionOrder {
    private SolutionOrder() {
    }

    static SolveResult.Solved of(SearchResult.Solution solution) {
        Map<Integer, SearchResult.Chosen> byPkg = new LinkedHashMap<>();
        for (SearchResult.Chosen c : solution.chosen()) {
            byPkg.put(c.pkg(), c);
        }
        Set<Integer> ordered = new LinkedHashSet<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (IncompatibilityCause.Dependency d : solution.request().facts()) {
            if (!d.constrains() && byPkg.containsKey(d.dependee()) && ordered.add(d.dependee())) {
                queue.add(d.dependee());
            }
        }
        Map<PackageName, List<PackageName>> dependencies = new HashMap<>();
        while (!queue.isEmpty()) {
            SearchResult.Chosen chosen = byPkg.get(queue.poll());
            Set<PackageName> required = new LinkedHashSet<>();
            for (IncompatibilityCause.Dependency d : chosen.expansion().facts()) {
                SearchResult.Chosen dependee = byPkg.get(d.dependee());
                if (d.constrains() || dependee == null) {
                    continue;
                }
                required.add(dependee.candidate().name());
                if (ordered.add(d.dependee())) {
                    queue.add(d.dependee());
                }
            }
            dependencies.put(chosen.candidate().name(), List.copyOf(required));
        }
        // PubGrub only chooses what something requires, so nothing should be left; keep it anyway, last
        for (SearchResult.Chosen c : byPkg.values()) {
            if (ordered.add(c.pkg())) {
                dependencies.putIfAbsent(c.candidate().name(), List.of());
            }
        }
        List<Package> packages = new ArrayList<>(ordered.size());
        for (int pkg : ordered) {
            packages.add(byPkg.get(pkg).candidate());
        }
        return new SolveResult.Solved(packages, dependencies);
    }
}
