package dev.jconda.solve;

import java.util.List;
import java.util.Set;

/**
 * What one chosen candidate asked of the rest of the solution, as the search read it.
 *
 * @param exclusions the Maven exclusions its dependencies were read under (see {@link InheritedExclusions})
 * @param facts      its requirements and {@code constrains}, in the provider's order
 */
record Expansion(Set<String> exclusions, List<IncompatibilityCause.Dependency> facts) {
    Expansion {
        exclusions = Set.copyOf(exclusions);
        facts = List.copyOf(facts);
    }
}
