package dev.jconda.solve;

import dev.jconda.model.Package;
import dev.jconda.model.PackageName;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a finished graph into {@link SolveResult.Solved}: the roots in request order, then breadth-first through
 * what each package requires, which is the order the class path is written in.
 */
final class SolutionOrder {
    private SolutionOrder() {
    }

    static SolveResult.Solved of(RequiredGraph graph) {
        Set<Integer> ordered = new LinkedHashSet<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(Incompatibility.ROOT);
        Map<PackageName, List<PackageName>> dependencies = new HashMap<>();
        while (!queue.isEmpty()) {
            int pkg = queue.poll();
            Set<PackageName> required = new LinkedHashSet<>();
            for (InheritedExclusions.Edge e : graph.requires().getOrDefault(pkg, List.of())) {
                required.add(graph.chosen().get(e.to()).name());
                if (ordered.add(e.to())) {
                    queue.add(e.to());
                }
            }
            if (pkg != Incompatibility.ROOT) {
                dependencies.put(graph.chosen().get(pkg).name(), List.copyOf(required));
            }
        }
        List<Package> packages = new ArrayList<>(ordered.size());
        for (int pkg : ordered) {
            packages.add(graph.chosen().get(pkg));
        }
        return new SolveResult.Solved(packages, dependencies);
    }
}
