package dev.jconda.solve;

import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every case of {@code solver-corpus/*.yml}, through {@link Solver} and an {@link InMemoryProvider}. */
class SolverCorpusTest {

    static Stream<CorpusCase> corpus() throws IOException, URISyntaxException {
        return CorpusCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void solverAnswersAsTheCaseExpects(CorpusCase c) {
        SolveResult result = new Solver(c.provider()).solve(c.request());
        CorpusCase.Expected expected = c.expected();
        switch (result) {
            case SolveResult.Unsatisfiable u -> {
                if (expected.unsatisfiable() == null) {
                    fail("expected " + expected.solution() + " but got: " + u.explanation());
                }
                for (String part : expected.unsatisfiable()) {
                    assertTrue(u.explanation().contains(part),
                            "explanation lacks \"" + part + "\":\n" + u.explanation());
                }
                if (expected.explanation() != null) {
                    assertEquals(expected.explanation(), u.explanation());
                }
            }
            case SolveResult.Solved s -> {
                if (expected.solution() == null) {
                    fail("expected no solution (" + expected.unsatisfiable() + ") but got " + describe(s.packages()));
                }
                assertSolution(expected.solution(), s);
                if (expected.order() != null) {
                    List<String> order = new ArrayList<>();
                    for (Package p : s.packages()) {
                        if (!p.name().isVirtual()) {
                            order.add(p.name().value());
                        }
                    }
                    assertEquals(expected.order(), order, "solve order");
                }
                expected.dependencies().forEach((name, deps) -> assertEquals(deps,
                        s.dependencies().getOrDefault(PackageName.of(name), List.of()).stream()
                                .map(PackageName::value).toList(),
                        "dependencies of " + name));
            }
        }
        for (String name : expected.neverListed()) {
            assertTrue(!c.provider().listed().contains(PackageName.of(name)),
                    "listed the versions of " + name + ": " + c.provider().listed());
        }
    }

    private static void assertSolution(List<String> expected, SolveResult.Solved solved) {
        Map<String, String> wanted = new TreeMap<>();
        for (String spec : expected) {
            String[] parts = spec.trim().split("\\s+", 2);
            wanted.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        Map<String, String> got = new TreeMap<>();
        for (Package p : solved.packages()) {
            String name = p.name().value();
            if (p.name().isVirtual() && !wanted.containsKey(name)) {
                continue;
            }
            String want = wanted.getOrDefault(name, "");
            String build = InMemoryProvider.build(p);
            // compare the build only where the case names one
            got.put(name, want.contains(" ") && !build.isEmpty() ? p.version() + " " + build : p.version().text());
        }
        assertEquals(wanted, got, "solution");
    }

    private static String describe(List<Package> packages) {
        return packages.stream().map(Package::display).toList().toString();
    }
}
