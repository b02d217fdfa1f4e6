package dev.jconda.solve;

import dev.jconda.model.Package;

import java.util.List;

/** How one {@link Search} ended. */
sealed interface SearchResult {

    /** One candidate chosen for a package, and what it asked for. */
    record Chosen(int pkg, Package candidate, Expansion expansion) {
    }

    /**
     * @param request what the root asked for (its requirements are the environment's roots)
     * @param chosen  every chosen package, by the order the search first heard of it
     */
    record Solution(Expansion request, List<Chosen> chosen) implements SearchResult {
        public Solution {
            chosen = List.copyOf(chosen);
        }
    }

    /** No solution: {@code failure} derives "the root cannot be chosen" from provider facts. */
    record Failure(Incompatibility failure, KnownPackages known) implements SearchResult {
    }
}
