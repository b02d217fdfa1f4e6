package dev.jconda.solve;

import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Requirement;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random small universes, solved by the solver and by trying every assignment: the solver must find a solution
 * exactly when one exists, and its solution must hold. Maven names (soft versions, so lazily read version lists),
 * installed packages, constrains and pins are all in the mix. With Maven exclusions, which depend on the path a
 * package is reached by (its nearest one, as Maven has it) and are approximated during the search (see
 * docs/solver.md), only the second half is checked: whatever the solver answers holds under the exclusions its
 * own final graph gives each package, and holds nothing that graph does not reach.
 *
 * <p>{@code -Dfuzz.seed} and {@code -Dfuzz.rounds} (through surefire's argLine) run a longer hunt.
 */
class SolverAgreesWithBruteForceTest {
    private static final String[] CONSTRAINTS = {"", ">=2", "<3", "==1", "!=2", ">=2,<4", "1|3", "[2,3]"};

    @Test
    void solverFindsASolutionExactlyWhenOneExists() {
        int solvable = hunt(false);
        int rounds = rounds();
        assertTrue(solvable > rounds / 10 && solvable < rounds * 9 / 10,
                "a useful mix: " + solvable + " of " + rounds + " solvable");
    }

    @Test
    void everySolutionHoldsUnderTheExclusionsOfItsOwnGraph() {
        assertTrue(hunt(true) > rounds() / 10);
    }

    private static int rounds() {
        return Integer.getInteger("fuzz.rounds", 3000);
    }

    /** Solves random universes; returns how many were solvable. */
    private static int hunt(boolean exclusions) {
        Random random = new Random(Long.getLong("fuzz.seed", 20240611L));
        int solvable = 0;
        for (int round = 0; round < rounds(); round++) {
            Universe u = Universe.random(random, exclusions);
            SolveResult result = new Solver(u.provider).solve(u.request);
            switch (result) {
                case SolveResult.Solved s -> {
                    solvable++;
                    Map<String, String> chosen = new HashMap<>();
                    for (Package p : s.packages()) {
                        chosen.put(p.name().value(), p.version().text());
                    }
                    String problem = u.problemWith(chosen);
                    if (problem != null) {
                        fail("round " + round + ": invalid solution " + chosen + ": " + problem + "\n" + u);
                    }
                }
                case SolveResult.Unsatisfiable un -> {
                    Map<String, String> brute = exclusions ? null : u.bruteForce();
                    if (brute != null) {
                        fail("round " + round + ": solver says " + un.explanation() + " but " + brute
                                + " works\n" + u);
                    }
                }
            }
        }
        return solvable;
    }

    /** A random universe of up to five packages with up to three versions each. */
    private record Universe(boolean withExclusions, InMemoryProvider provider, SolveRequest request,
                            Map<String, List<String>> versions,
                            Map<String, List<String>> depends, Map<String, List<String>> constrains,
                            List<String> description) {

        static Universe random(Random random, boolean exclusions) {
            InMemoryProvider provider = new InMemoryProvider();
            int count = 2 + random.nextInt(4);
            boolean maven = random.nextBoolean();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                names.add(maven ? "g:p" + i : "p" + i);
            }
            Map<String, List<String>> versions = new LinkedHashMap<>();
            Map<String, List<String>> depends = new HashMap<>();
            Map<String, List<String>> constrains = new HashMap<>();
            List<String> description = new ArrayList<>();
            for (String name : names) {
                List<String> vs = new ArrayList<>();
                for (int v = 4; v >= 1; v--) {
                    if (random.nextInt(4) != 0) {
                        vs.add(String.valueOf(v));
                    }
                }
                if (random.nextInt(8) == 0) {
                    vs.clear(); // a package nobody has
                }
                versions.put(name, vs);
                for (String v : vs) {
                    List<String> deps = new ArrayList<>();
                    List<String> cons = new ArrayList<>();
                    for (String other : names) {
                        int roll = random.nextInt(10);
                        if (roll < 2) {
                            deps.add(spec(other, random, maven, exclusions, names));
                        } else if (roll == 2) {
                            cons.add(other + " " + CONSTRAINTS[1 + random.nextInt(CONSTRAINTS.length - 1)]);
                        }
                    }
                    provider.add("main", name + " " + v, deps, cons);
                    depends.put(name + " " + v, deps);
                    constrains.put(name + " " + v, cons);
                    description.add(name + " " + v + " " + deps + " constrains " + cons);
                }
            }
            List<Requirement> roots = new ArrayList<>();
            int rootCount = 1 + random.nextInt(2);
            for (int i = 0; i < rootCount; i++) {
                roots.add(FixtureSpec.requirement(spec(names.get(random.nextInt(count)), random, maven, exclusions,
                                names),
                        "environment.yml"));
            }
            List<Requirement> pins = new ArrayList<>();
            if (random.nextInt(4) == 0) {
                pins.add(FixtureSpec.requirement(names.get(random.nextInt(count)) + " "
                        + CONSTRAINTS[1 + random.nextInt(CONSTRAINTS.length - 1)], "pinned"));
            }
            Map<PackageName, Package> installed = new HashMap<>();
            for (String name : names) {
                if (!versions.get(name).isEmpty() && random.nextInt(4) == 0) {
                    List<String> vs = versions.get(name);
                    Package p = provider.find(name + " " + vs.get(random.nextInt(vs.size()))).orElseThrow();
                    installed.put(p.name(), p);
                }
            }
            description.add("roots " + roots.stream().map(r -> r.name() + " " + r.constraint()
                    + (r.preferred() == null ? "" : " @" + r.preferred())
                    + (r.exclusions().isEmpty() ? "" : " exclude " + r.exclusions())).toList() + " pins "
                    + pins.stream().map(r -> r.name() + " " + r.constraint()).toList() + " installed "
                    + installed.values().stream().map(Package::display).toList());
            return new Universe(exclusions, provider, new SolveRequest(roots, installed, pins), versions, depends,
                    constrains, description);
        }

        private static String spec(String name, Random random, boolean maven, boolean exclusions,
                                   List<String> names) {
            String constraint = CONSTRAINTS[random.nextInt(CONSTRAINTS.length)];
            String soft = maven && random.nextInt(3) != 0 ? " @" + (1 + random.nextInt(5)) : "";
            String exclude = maven && exclusions && random.nextInt(3) == 0
                    ? " exclude " + names.get(random.nextInt(names.size()))
                    : "";
            return name + (constraint.isEmpty() ? "" : " " + constraint) + soft + exclude;
        }

        /** A working assignment, or null if none exists. */
        Map<String, String> bruteForce() {
            List<String> names = new ArrayList<>(versions.keySet());
            int[] choice = new int[names.size()]; // 0 = absent, k = versions.get(name).get(k - 1)
            while (true) {
                Map<String, String> chosen = new HashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    if (choice[i] > 0) {
                        chosen.put(names.get(i), versions.get(names.get(i)).get(choice[i] - 1));
                    }
                }
                if (problemWith(chosen) == null) {
                    return chosen;
                }
                int i = 0;
                while (i < names.size() && choice[i] == versions.get(names.get(i)).size()) {
                    choice[i++] = 0;
                }
                if (i == names.size()) {
                    return null;
                }
                choice[i]++;
            }
        }

        /**
         * The exclusions each chosen package inherits in the graph {@code chosen} forms, Maven's way: breadth-first
         * from the roots (in request order, then each package's dependencies in declaration order), a package
         * inherits the exclusions of the edge it is first reached over plus those the edge's source inherited,
         * and a package's dependencies that match what it inherits are not followed. A chosen package that is
         * not reached has no entry.
         */
        Map<String, Set<String>> inheritedExclusions(Map<String, String> chosen) {
            Map<String, Set<String>> inherited = new HashMap<>();
            ArrayDeque<String> queue = new ArrayDeque<>();
            for (Requirement r : request.roots()) {
                reach(inherited, queue, r, Set.of(), chosen);
            }
            while (!queue.isEmpty()) {
                String from = queue.poll();
                Set<String> mine = inherited.get(from);
                String who = from + " " + chosen.get(from);
                for (String d : depends.get(who)) {
                    Requirement r = FixtureSpec.requirement(d, who);
                    if (!excluded(mine, r)) {
                        reach(inherited, queue, r, mine, chosen);
                    }
                }
            }
            return inherited;
        }

        private static void reach(Map<String, Set<String>> inherited, ArrayDeque<String> queue, Requirement edge,
                                  Set<String> from, Map<String, String> chosen) {
            String name = edge.name().value();
            if (!chosen.containsKey(name) || inherited.containsKey(name)) {
                return;
            }
            Set<String> viaEdge = new HashSet<>(edge.exclusions());
            viaEdge.addAll(from);
            inherited.put(name, viaEdge);
            queue.add(name);
        }

        private static boolean excluded(Set<String> patterns, Requirement r) {
            return patterns.stream().anyMatch(p -> InMemoryProvider.excludes(p, r.name()));
        }

        /** What is wrong with {@code chosen} (name to version), or null if it is a solution. */
        String problemWith(Map<String, String> chosen) {
            Map<String, Set<String>> inherited = withExclusions ? inheritedExclusions(chosen) : Map.of();
            for (Requirement r : request.roots()) {
                if (!holds(r, chosen, true)) {
                    return "root " + r.name() + " " + r.constraint();
                }
            }
            for (Requirement r : request.pinned()) {
                if (!holds(r, chosen, false)) {
                    return "pin " + r.name() + " " + r.constraint();
                }
            }
            for (Map.Entry<String, String> e : chosen.entrySet()) {
                String who = e.getKey() + " " + e.getValue();
                if (withExclusions && !inherited.containsKey(e.getKey())) {
                    return who + " is not required by the graph it is in";
                }
                for (String d : depends.get(who)) {
                    Requirement r = FixtureSpec.requirement(d, who);
                    if (!excluded(inherited.getOrDefault(e.getKey(), Set.of()), r) && !holds(r, chosen, true)) {
                        return who + " depends on " + d;
                    }
                }
                for (String c : constrains.get(who)) {
                    if (!holds(FixtureSpec.requirement(c, who), chosen, false)) {
                        return who + " constrains " + c;
                    }
                }
            }
            return null;
        }

        private static boolean holds(Requirement r, Map<String, String> chosen, boolean required) {
            String version = chosen.get(r.name().value());
            if (version == null) {
                return !required;
            }
            return r.constraint().matches(dev.jconda.model.Version.of(version));
        }

        @Override
        public String toString() {
            return String.join("\n", description);
        }
    }

}
