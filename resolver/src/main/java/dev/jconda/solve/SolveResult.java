package dev.jconda.solve;

import dev.jconda.model.Package;
import dev.jconda.model.PackageName;

import java.util.List;
import java.util.Map;

/** Either one consistent set of packages, or the reason none exists. */
public sealed interface SolveResult {

    /**
     * @param packages     the chosen packages in solve order: roots first, then breadth-first through their
     *                     dependencies (this is the class path order)
     * @param dependencies for each chosen package, the names of the chosen packages it requires
     */
    record Solved(List<Package> packages, Map<PackageName, List<PackageName>> dependencies) implements SolveResult {
        public Solved {
            packages = List.copyOf(packages);
            dependencies = Map.copyOf(dependencies);
        }
    }

    /**
     * @param explanation sentences a user can act on, naming the chain of requirements, e.g. "environment.yml wants
     *                    a>=2; a 2.0 depends on b<1.5; environment.yml wants b>=1.6: no version of b satisfies both"
     */
    record Unsatisfiable(String explanation) implements SolveResult {
    }
}
