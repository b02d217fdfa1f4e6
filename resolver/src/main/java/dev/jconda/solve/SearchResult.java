package dev.jconda.solve;

import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Version;

import java.util.List;
import java.util.Map;

/** How one {@link Search} ended. */
sealed interface SearchResult {

    /** One candidate chosen for a package, and what it asked for. */
    record Chosen(int pkg, Package candidate, Expansion expansion) {
    }

    /**
     * @param request         what the root asked for (its requirements are the environment's roots)
     * @param chosen          every chosen package, by the order the search first heard of it
     * @param softFloors      the soft-version floors known at the end
     * @param softFloorsUnmet whether a package was decided below a floor found later, so another round could
     *                        choose better
     */
    record Solution(Expansion request, List<Chosen> chosen, Map<PackageName, Version> softFloors,
                    boolean softFloorsUnmet) implements SearchResult {
        public Solution {
            chosen = List.copyOf(chosen);
            softFloors = Map.copyOf(softFloors);
        }
    }

    /** No solution: {@code failure} derives "the root cannot be chosen" from provider facts. */
    record Failure(Incompatibility failure, KnownPackages known) implements SearchResult {
    }
}
