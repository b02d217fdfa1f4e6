package dev.jconda.solve;

import dev.jconda.model.Package;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Chooses one version of every package an environment needs, with PubGrub (see docs/solver.md for the
 * semantics: preference order, soft versions, exclusions, how explanations are written).
 *
 * <p>Failures of the provider ({@link ProviderException}) come out of {@link #solve} unchanged. A solver holds no
 * state between calls; what the provider answered is remembered for one call only.
 */
public final class Solver {
    /**
     * Maven exclusions depend on the final graph, which depends on the exclusions; a few rounds settle every
     * real graph, and a graph that keeps flipping gets the last round's answer.
     */
    private static final int MOST_EXCLUSION_ROUNDS = 6;

    private final DependencyProvider provider;

    public Solver(DependencyProvider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    public SolveResult solve(SolveRequest request) {
        RememberingProvider remembering = new RememberingProvider(provider);
        DecisionOrder order = DecisionOrder.scout(request, remembering);
        Map<Package, Set<String>> settled = Map.of();
        SearchResult.Solution last = null;
        for (int round = 0; round < MOST_EXCLUSION_ROUNDS; round++) {
            switch (new Search(request, remembering, order, settled).run()) {
                case SearchResult.Failure failure -> {
                    return new SolveResult.Unsatisfiable(Explanation.of(failure.failure(), failure.known()));
                }
                case SearchResult.Solution solution -> {
                    Map<Package, Set<String>> inherited = InheritedExclusions.of(solution);
                    if (InheritedExclusions.agree(solution, inherited)) {
                        return SolutionOrder.of(solution);
                    }
                    settled = inherited;
                    last = solution;
                }
            }
        }
        return SolutionOrder.of(last);
    }
}
