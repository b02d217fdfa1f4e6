package dev.jconda.solve;

import dev.jconda.model.PackageName;
import dev.jconda.model.Requirement;
import dev.jconda.model.Version;
import dev.jconda.model.VersionConstraint;
import dev.jconda.model.VersionConstraint.Operator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static dev.jconda.solve.SyntheticProvider.at;
import static dev.jconda.solve.SyntheticProvider.requirement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deep and large graphs: nothing may recurse per package, and big graphs must stay fast. */
class SolverScaleTest {

    private static SolveRequest wants(String name) {
        return SolveRequest.of(List.of(Requirement.of(PackageName.of(name), VersionConstraint.any(),
                "environment.yml")));
    }

    @Test
    void aChainOfTwoThousandPackagesSolvesWithoutStackOverflow() {
        SyntheticProvider provider = new SyntheticProvider();
        int n = 2000;
        for (int i = 0; i < n; i++) {
            for (int v = 3; v >= 1; v--) {
                List<Requirement> deps = i + 1 < n
                        ? List.of(requirement("p" + (i + 1), at(Operator.GE, "1"), "p" + i + " " + v))
                        : List.of();
                provider.add("p" + i, String.valueOf(v), deps);
            }
        }
        SolveResult result = new Solver(provider).solve(wants("p0"));
        SolveResult.Solved solved = assertInstanceOf(SolveResult.Solved.class, result);
        assertEquals(n, solved.packages().size());
        assertEquals("p0", solved.packages().getFirst().name().value());
        assertEquals("p1999", solved.packages().getLast().name().value());
        assertEquals("", provider.problemsWith(solved));
    }

    @Test
    void backtrackingThroughATwoThousandPackageChainFindsTheOnlyWorkingVersions() {
        // every p_i 2 needs p_(i+1) 2, and the last package has no version 2: all the way back to p0 1
        SyntheticProvider provider = new SyntheticProvider();
        int n = 2000;
        for (int i = 0; i < n; i++) {
            for (int v = 2; v >= 1; v--) {
                if (i == n - 1 && v == 2) {
                    continue;
                }
                List<Requirement> deps = i + 1 < n
                        ? List.of(requirement("p" + (i + 1), at(Operator.GE, String.valueOf(v)), "p" + i))
                        : List.of();
                provider.add("p" + i, String.valueOf(v), deps);
            }
        }
        SolveResult.Solved solved = assertInstanceOf(SolveResult.Solved.class,
                new Solver(provider).solve(wants("p0")));
        assertEquals("", provider.problemsWith(solved));
        assertTrue(solved.packages().stream().allMatch(p -> p.version().text().equals("1")),
                "every package at version 1");
    }

    @Test
    void aTwoThousandPackageChainEndingInAMissingPackageIsExplainedBriefly() {
        SyntheticProvider provider = new SyntheticProvider();
        int n = 2000;
        for (int i = 0; i < n; i++) {
            provider.add("p" + i, "1", List.of(requirement(i + 1 < n ? "p" + (i + 1) : "missing",
                    VersionConstraint.any(), "p" + i + " 1")));
        }
        SolveResult.Unsatisfiable unsatisfiable = assertInstanceOf(SolveResult.Unsatisfiable.class,
                new Solver(provider).solve(wants("p0")));
        String explanation = unsatisfiable.explanation();
        assertTrue(explanation.startsWith("environment.yml wants p0; p0 1 depends on p1;"), explanation);
        assertTrue(explanation.contains("more like these"), explanation);
        assertTrue(explanation.length() < 2000, "explanation of " + explanation.length() + " characters");
    }

    @Test
    void tenThousandPackagesWithAHundredThousandVersionsSolveInSeconds() {
        SyntheticProvider provider = new SyntheticProvider();
        int packages = 10_000;
        int versions = 10;
        Random random = new Random(42);
        for (int i = 0; i < packages; i++) {
            // a tree edge keeps everything reachable from p0; a few more edges make diamonds. Lower bounds are at
            // most 5 and upper bounds above 5, so version 5 of everything always works, and upper bounds met
            // late force the solver to move decisions back.
            List<Requirement> deps = new ArrayList<>();
            List<Integer> targets = new ArrayList<>();
            for (int child = 2 * i + 1; child <= 2 * i + 2 && child < packages; child++) {
                targets.add(child);
            }
            for (int extra = 0; extra < 2 && i + 1 < packages; extra++) {
                targets.add(i + 1 + random.nextInt(packages - i - 1));
            }
            for (int target : targets) {
                VersionConstraint constraint = random.nextInt(10) == 0
                        ? at(Operator.LT, String.valueOf(6 + random.nextInt(5)))
                        : at(Operator.GE, String.valueOf(1 + random.nextInt(5)));
                deps.add(requirement("p" + target, constraint, "p" + i));
            }
            for (int v = versions; v >= 1; v--) {
                provider.add("p" + i, String.valueOf(v), deps);
            }
        }
        long start = System.nanoTime();
        SolveResult result = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> new Solver(provider).solve(wants("p0")));
        long millis = (System.nanoTime() - start) / 1_000_000;
        SolveResult.Solved solved = assertInstanceOf(SolveResult.Solved.class, result);
        assertEquals(packages, solved.packages().size());
        assertEquals("", provider.problemsWith(solved));
        System.out.printf("solved %d packages in %d ms, reading %d dependency lists%n",
                packages, millis, provider.dependencyReads());
    }

    @Test
    void aMavenGraphOfTwoThousandArtifactsWithSoftVersionsEverywhereSolvesInSeconds() {
        // every edge carries a random soft version and every version has its own dependencies, so soft versions
        // are found late and packages must be decided again: the worst case for reading lists lazily
        SyntheticProvider provider = new SyntheticProvider();
        int artifacts = 2000;
        Random random = new Random(7);
        for (int i = 0; i < artifacts; i++) {
            for (int v = 5; v >= 1; v--) {
                List<Requirement> deps = new ArrayList<>();
                List<Integer> targets = new ArrayList<>();
                for (int child = 2 * i + 1; child <= 2 * i + 2 && child < artifacts; child++) {
                    targets.add(child);
                }
                if (i + 1 < artifacts) {
                    targets.add(i + 1 + random.nextInt(artifacts - i - 1));
                }
                for (int target : targets) {
                    deps.add(new Requirement(PackageName.of("g:a" + target), VersionConstraint.any(),
                            Version.of(String.valueOf(1 + random.nextInt(5))), Set.of(), "g:a" + i + " " + v));
                }
                provider.add("g:a" + i, String.valueOf(v), deps);
            }
        }
        SolveRequest request = SolveRequest.of(List.of(new Requirement(PackageName.of("g:a0"),
                VersionConstraint.any(), Version.of("3"), Set.of(), "pom.xml")));
        SolveResult result = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> new Solver(provider).solve(request));
        SolveResult.Solved solved = assertInstanceOf(SolveResult.Solved.class, result);
        assertEquals(artifacts, solved.packages().size());
        assertEquals("3", solved.packages().getFirst().version().text());
    }
}
