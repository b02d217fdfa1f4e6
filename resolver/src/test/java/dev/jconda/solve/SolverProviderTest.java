package dev.jconda.solve;

import dev.jconda.model.Dependencies;
import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Requirement;
import dev.jconda.model.Version;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the solver treats its provider: failures pass through, and nothing is asked twice. */
class SolverProviderTest {

    private static SolveRequest wants(String... specs) {
        return SolveRequest.of(java.util.Arrays.stream(specs)
                .map(s -> FixtureSpec.requirement(s, "environment.yml")).toList());
    }

    /** Delegates to an in-memory universe, but fails for one package the way a broken POM would. */
    private record FailingFor(InMemoryProvider universe, String name, ProviderException failure)
            implements DependencyProvider {
        @Override
        public List<Package> candidates(PackageName n) {
            return universe.candidates(n);
        }

        @Override
        public Optional<Package> candidate(PackageName n, Version v) {
            return universe.candidate(n, v);
        }

        @Override
        public Dependencies dependencies(Package pkg, Set<String> inheritedExclusions) {
            if (pkg.name().value().equals(name)) {
                throw failure;
            }
            return universe.dependencies(pkg, inheritedExclusions);
        }
    }

    @Test
    void aProviderFailureComesOutOfSolveUnchanged() {
        InMemoryProvider universe = new InMemoryProvider();
        universe.add("a 1.0", "b");
        universe.add("b 1.0");
        ProviderException broken = new ProviderException("b 1.0: broken POM");
        ProviderException thrown = assertThrows(ProviderException.class,
                () -> new Solver(new FailingFor(universe, "b", broken)).solve(wants("a")));
        assertSame(broken, thrown);
    }

    @Test
    void aFailureInAListingComesOutUnchanged() {
        ProviderException offline = new ProviderException("repository unreachable");
        DependencyProvider provider = new DependencyProvider() {
            @Override
            public List<Package> candidates(PackageName name) {
                throw offline;
            }

            @Override
            public Optional<Package> candidate(PackageName name, Version version) {
                return Optional.empty();
            }

            @Override
            public Dependencies dependencies(Package pkg, Set<String> inheritedExclusions) {
                return Dependencies.none();
            }
        };
        assertSame(offline, assertThrows(ProviderException.class, () -> new Solver(provider).solve(wants("a"))));
    }

    @Test
    void eachDependencyListIsReadOnceThoughTheSearchBacktracks() {
        InMemoryProvider universe = new InMemoryProvider();
        for (int v = 5; v >= 1; v--) {
            universe.add("a " + v + ".0", "b ==" + v + ".0");
            universe.add("b " + v + ".0", "c ==" + v + ".0");
        }
        universe.add("c 1.0");
        SolveResult result = new Solver(universe).solve(wants("a"));
        assertInstanceOf(SolveResult.Solved.class, result);
        List<String> reads = universe.expansions();
        assertEquals(new HashSet<>(reads).size(), reads.size(), "read twice: " + reads);
        assertTrue(universe.listed().stream().distinct().count() == universe.listed().size(),
                "listed twice: " + universe.listed());
    }

    @Test
    void aSolverCanBeUsedForManySolves() {
        InMemoryProvider universe = new InMemoryProvider();
        universe.add("a 1.0");
        universe.add("a 2.0");
        Solver solver = new Solver(universe);
        SolveResult.Solved newest = assertInstanceOf(SolveResult.Solved.class, solver.solve(wants("a")));
        SolveResult.Solved older = assertInstanceOf(SolveResult.Solved.class, solver.solve(wants("a <2")));
        assertEquals("2.0", newest.packages().getFirst().version().text());
        assertEquals("1.0", older.packages().getFirst().version().text());
    }

    @Test
    void installedPackagesAndPinsTogether() {
        InMemoryProvider universe = new InMemoryProvider();
        Package oldB = universe.add("b 1.0");
        universe.add("b 2.0");
        universe.add("b 3.0");
        universe.add("a 1.0", "b");
        List<Requirement> pins = List.of(FixtureSpec.requirement("b <3", "pinned"));
        SolveRequest request = new SolveRequest(List.of(FixtureSpec.requirement("a", "environment.yml"),
                FixtureSpec.requirement("b >=2", "environment.yml")), Map.of(oldB.name(), oldB), pins);
        SolveResult.Solved solved = assertInstanceOf(SolveResult.Solved.class, new Solver(universe).solve(request));
        assertEquals(List.of("a 1.0", "b 2.0"), solved.packages().stream().map(Package::display).toList());
    }
}
