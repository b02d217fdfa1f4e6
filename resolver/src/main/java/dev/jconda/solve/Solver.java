package dev.jconda.solve;

import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Version;

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
     * A search can end with something left to settle, and then another round starts with what the last one
     * learned: Maven exclusions that depend on the final graph (which depends on the exclusions), or a soft
     * version found after the package it names was decided. Soft versions can cascade (a higher version brings
     * new soft versions), so after this many rounds the answer is taken as it is: valid, if not the highest soft
     * version everywhere.
     */
    private static final int MOST_SOFT_VERSION_ROUNDS = 6;

    /**
     * For this many rounds, each package's exclusions are taken from the last round's final graph, and an answer
     * is only taken when every package was read under exactly what it inherits there. Nearest-path exclusions
     * need not settle that way (a set that grows can bring a nearer path to another package, which changes its
     * set, and back), so later rounds only narrow sets and take an answer where no package was read under more
     * than it inherits: those rounds end by themselves (see {@link InheritedExclusions#narrowed}).
     */
    private static final int EXACT_EXCLUSION_ROUNDS = 6;

    private final DependencyProvider provider;

    public Solver(DependencyProvider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    public SolveResult solve(SolveRequest request) {
        RememberingProvider remembering = new RememberingProvider(provider);
        DecisionOrder order = DecisionOrder.scout(request, remembering);
        Map<Package, Set<String>> settled = Map.of();
        Map<PackageName, Version> floors = Map.of();
        for (int round = 1; ; round++) {
            switch (new Search(request, remembering, order, settled, floors).run()) {
                case SearchResult.Failure failure -> {
                    return new SolveResult.Unsatisfiable(Explanation.of(failure.failure(), failure.known()));
                }
                case SearchResult.Solution solution -> {
                    RequiredGraph graph = RequiredGraph.of(solution, remembering);
                    boolean exactly = round < EXACT_EXCLUSION_ROUNDS;
                    if (InheritedExclusions.readAsInherited(solution, graph, exactly)
                            && (!solution.softFloorsUnmet() || round >= MOST_SOFT_VERSION_ROUNDS)) {
                        return SolutionOrder.of(graph);
                    }
                    settled = exactly
                            ? InheritedExclusions.replaced(settled, graph)
                            : InheritedExclusions.narrowed(settled, graph);
                    floors = solution.softFloors();
                    order = order.refinedBy(solution);
                }
            }
        }
    }
}
