package dev.jconda.bench;

import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Requirement;
import dev.jconda.model.Version;
import dev.jconda.model.VersionConstraint;
import dev.jconda.solve.SolveRequest;
import dev.jconda.solve.SolveResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** The synthetic package universes the benchmarks solve, each with the request to solve; all are deterministic. */
final class Graphs {
    private Graphs() {
    }

    /** A universe and what to ask of it. */
    record Problem(MemoryProvider provider, SolveRequest request, String description) {
    }

    private static Version[] versions(int count) {
        Version[] v = new Version[count + 2];
        for (int i = 1; i < v.length; i++) {
            v[i] = Version.of(i + ".0");
        }
        return v;
    }

    private static Requirement require(String from, String to, VersionConstraint c) {
        return new Requirement(MemoryProvider.name(to), c, null, Set.of(), from);
    }

    /** Maven's {@code [lo,hi)}, or {@code [lo,)} when {@code hi} is null. */
    private static VersionConstraint range(Version lo, Version hi) {
        String notation = "[" + lo + "," + (hi == null ? "" : hi) + ")";
        return new VersionConstraint.MavenRange(notation, lo, true, hi, false);
    }

    /**
     * A layered DAG: {@code packages} artifacts in {@code layers} layers, {@code versionsEach} versions of each, every
     * version of a package outside the bottom layer depending on 2-5 artifacts of the next three layers down with a
     * Maven range. Each artifact has a hidden target version that every range on it contains, so a solution always
     * exists, but a range often excludes the newest versions, so the newest choice of one package can clash with a
     * range another package brings later. The request asks for every artifact of the top layer, any version.
     */
    static Problem layered(long seed, int packages, int versionsEach, int layers) {
        Random random = new Random(seed);
        Version[] v = versions(versionsEach);
        int perLayer = packages / layers;
        int[] target = new int[packages];
        for (int p = 0; p < packages; p++) {
            target[p] = 1 + random.nextInt(versionsEach);
        }
        MemoryProvider provider = new MemoryProvider();
        for (int p = 0; p < packages; p++) {
            int layer = Math.min(p / perLayer, layers - 1);
            String artifact = "p" + p;
            for (int ver = versionsEach; ver >= 1; ver--) {
                List<Requirement> requires = new ArrayList<>();
                if (layer < layers - 1) {
                    int first = (layer + 1) * perLayer;
                    int end = Math.min(packages, (layer + 4) * perLayer);
                    Set<Integer> picked = new LinkedHashSet<>();
                    int want = 2 + random.nextInt(4);
                    while (picked.size() < Math.min(want, end - first)) {
                        picked.add(first + random.nextInt(end - first));
                    }
                    for (int q : picked) {
                        int t = target[q];
                        int lo = 1 + random.nextInt(t);                          // lo <= t
                        int hi = t + 1 + random.nextInt(versionsEach - t + 1);   // t < hi <= versionsEach + 1
                        requires.add(require(artifact + " " + v[ver], "p" + q,
                                range(v[lo], hi > versionsEach ? null : v[hi])));
                    }
                }
                provider.add(artifact, v[ver], requires);
            }
        }
        List<Requirement> roots = new ArrayList<>();
        for (int p = 0; p < perLayer; p++) {
            roots.add(require("environment.yml", "p" + p, VersionConstraint.any()));
        }
        return new Problem(provider, SolveRequest.of(roots),
                packages + " packages, " + provider.versionCount() + " versions, " + layers + " layers");
    }

    /**
     * Backtracking: a chain {@code a0 -> a1 -> ... -> a(depth-1)} where version v of each link needs exactly version v
     * of the next and the last link's version v needs {@code z == v}, next to a chain {@code b0 -> ... -> b(depth-1)}
     * (any versions) whose last link needs {@code z == 1}. The newest versions of the a-chain all clash at the bottom
     * with the b-chain, so the solver must walk every a-link down from version {@code versionsEach} to 1.
     */
    static Problem deepConflict(int depth, int versionsEach) {
        return chains(depth, versionsEach, 1);
    }

    /**
     * No solution: the same two chains, but the b-chain's bottom needs {@code z == versionsEach + 1}, which no version
     * of the a-chain accepts. The solver must rule out every a0 version and write the explanation.
     */
    static Problem unsatisfiable(int depth, int versionsEach) {
        return chains(depth, versionsEach, versionsEach + 1);
    }

    private static Problem chains(int depth, int versionsEach, int zWanted) {
        Version[] v = versions(versionsEach);
        MemoryProvider provider = new MemoryProvider();
        for (int i = 0; i < depth; i++) {
            for (int ver = versionsEach; ver >= 1; ver--) {
                String next = i + 1 < depth ? "a" + (i + 1) : "z";
                provider.add("a" + i, v[ver], List.of(require("a" + i + " " + v[ver], next,
                        new VersionConstraint.Exact(v[ver]))));
            }
            for (int ver = versionsEach; ver >= 1; ver--) {
                List<Requirement> requires = i + 1 < depth
                        ? List.of(require("b" + i + " " + v[ver], "b" + (i + 1), VersionConstraint.any()))
                        : List.of(require("b" + i + " " + v[ver], "z", new VersionConstraint.Exact(v[zWanted])));
                provider.add("b" + i, v[ver], requires);
            }
        }
        for (int ver = versionsEach + 1; ver >= 1; ver--) {
            provider.add("z", v[ver], List.of());
        }
        List<Requirement> roots = List.of(
                require("environment.yml", "a0", VersionConstraint.any()),
                require("environment.yml", "b0", VersionConstraint.any()));
        return new Problem(provider, SolveRequest.of(roots),
                "two chains of " + depth + " x " + versionsEach + " versions, " + provider.versionCount()
                        + " versions");
    }

    /** Null when {@code result} is a solution that gives every chosen package what it requires, else the problem. */
    static String problems(MemoryProvider provider, SolveRequest request, SolveResult result) {
        if (!(result instanceof SolveResult.Solved solved)) {
            return "no solution: " + result;
        }
        Map<PackageName, Package> chosen = new HashMap<>();
        for (Package p : solved.packages()) {
            if (chosen.put(p.name(), p) != null) {
                return "two versions of " + p.name();
            }
        }
        List<Requirement> wanted = new ArrayList<>(request.roots());
        for (Package p : solved.packages()) {
            wanted.addAll(provider.requires(p));
        }
        for (Requirement r : wanted) {
            Package p = chosen.get(r.name());
            if (p == null || !r.constraint().matches(p)) {
                return r.requiredBy() + " needs " + r.name() + " " + r.constraint() + " but the solution has " + p;
            }
        }
        return null;
    }
}
