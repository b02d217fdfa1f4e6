package dev.jconda.solve;

import dev.jconda.model.Dependencies;
import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Requirement;
import dev.jconda.model.Version;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * One PubGrub search (Weizenbaum's algorithm, as in Dart pub and uv): unit propagation over incompatibilities,
 * decisions, and conflict-driven backjumping that learns a new incompatibility from each conflict.
 *
 * <p>Candidate lists are read lazily, so a package's list can grow during the search: a Maven soft version is
 * probed alone, and the full list is only read when no soft version will do. Facts read from the provider are
 * rebuilt over the grown list and the partial solution is extended in place (see {@link PartialSolution#extend}).
 * Conflict analysis first completes every package it involves, so learned incompatibilities only ever speak of
 * packages whose list is final (they never need rebuilding), and an "unsatisfiable" never rests on a list the
 * solver had not finished reading.
 *
 * <p>Single-threaded and used once.
 */
final class Search {
    private static final int ROOT = Incompatibility.ROOT;
    private static final int NONE = -1;
    private static final int CONFLICT = -2;
    /** {@link #choose} answers this when it grew a candidate list instead: propagate, then choose again. */
    private static final int MOVED = -3;

    private sealed interface Resolution {
        record Learned(Incompatibility incompatibility) implements Resolution {
        }

        record Failed(Incompatibility incompatibility) implements Resolution {
        }

        /** Some involved package was only partly known; it was completed, so propagate and look again. */
        record Retry() implements Resolution {
        }
    }

    private final SolveRequest request;
    private final RememberingProvider provider;
    private final Map<Package, Set<String>> settledExclusions;
    private final KnownPackages known;
    private final IncompatibilityStore store = new IncompatibilityStore();
    private final PartialSolution solution = new PartialSolution();
    private final Map<Long, Expansion> expansions = new HashMap<>();
    /**
     * Per expanded candidate, the path it was reached over when expanded (see {@link #nearestEdge}): the
     * declaration index of each edge from the root down. Shorter is nearer; among equally long ones, the
     * lexicographically smaller one is the one a breadth-first walk meets first.
     */
    private final Map<Long, int[]> paths = new HashMap<>();
    /** The store ids of each expanded candidate's facts. */
    private final Map<Long, int[]> factIds = new HashMap<>();
    private final DecisionOrder order;
    /**
     * Undecided packages with a positive term, by {@link #decisionKey}. Entries are never removed in place; an
     * entry is live only while it equals {@code liveKey} of its package.
     */
    private final PriorityQueue<Long> undecided = new PriorityQueue<>();
    private long[] liveKey = new long[0];
    /** {@link #decisionKey} per package, worked out once; 0 when not yet. */
    private long[] decisionKeys = new long[0];
    /** Whether some decided package got a soft-version floor above its version (see {@link #raiseSoftFloors}). */
    private boolean softFloorsUnmet;
    /** Packages whose terms changed, so their incompatibilities must be looked at again; each queued once. */
    private final ArrayDeque<Integer> changed = new ArrayDeque<>();
    private final BitSet changedSet = new BitSet();

    /**
     * @param order             which undecided package to decide first
     * @param settledExclusions exclusions fixed for some candidates by an earlier round (see {@link Solver})
     * @param softFloors        soft-version floors found by earlier rounds
     */
    Search(SolveRequest request, RememberingProvider provider, DecisionOrder order,
           Map<Package, Set<String>> settledExclusions, Map<PackageName, Version> softFloors) {
        this.request = request;
        this.order = order;
        this.provider = provider;
        this.settledExclusions = settledExclusions;
        this.known = new KnownPackages(provider, request.installed(), softFloors);
    }

    SearchResult run() {
        store.add(Incompatibility.of(List.of(new Term(ROOT, false, VersionSet.of(1, 0))),
                new IncompatibilityCause.Root()));
        markChanged(ROOT);
        while (true) {
            Incompatibility failure = propagate();
            if (failure != null) {
                return new SearchResult.Failure(failure, known);
            }
            int pkg = nextToDecide();
            if (pkg < 0) {
                return solution();
            }
            int candidate = pkg == ROOT ? 0 : choose(pkg);
            if (candidate == MOVED) {
                offer(pkg);
                continue;
            }
            Expansion expansion = expand(pkg, candidate);
            if (expansion == null || raiseSoftFloors(expansion)) {
                offer(pkg);
                continue;
            }
            if (wouldConflict(pkg, candidate)) {
                // propagation will rule this candidate out where it stands, rather than deciding it and
                // backjumping over everything decided since the package it clashes with (pub does the same)
                markChanged(pkg);
                offer(pkg);
                continue;
            }
            solution.decide(pkg, new Term(pkg, true, VersionSet.of(known.get(pkg).size(), candidate)));
            markChanged(pkg);
        }
    }

    // ---- propagation and conflicts ---------------------------------------------------------------------------

    private Incompatibility propagate() {
        while (!changed.isEmpty()) {
            int pkg = changed.poll();
            changedSet.clear(pkg);
            // newest first: learned incompatibilities are the most informative (pub does the same)
            for (int i = store.countMentioning(pkg) - 1; i >= 0; i--) {
                Incompatibility incompatibility = store.get(store.mentioning(pkg, i));
                int result = propagate(incompatibility);
                if (result == CONFLICT) {
                    switch (resolve(incompatibility)) {
                        case Resolution.Failed failed -> {
                            return failed.incompatibility();
                        }
                        case Resolution.Learned learned -> {
                            int derived = propagate(learned.incompatibility());
                            if (derived < 0) {
                                throw new IllegalStateException("learned " + learned.incompatibility()
                                        + " does not propagate");
                            }
                            markChanged(derived);
                        }
                        case Resolution.Retry retry -> {
                            for (Term t : incompatibility.terms()) {
                                markChanged(t.pkg());
                            }
                        }
                    }
                    break;
                }
                if (result >= 0) {
                    markChanged(result);
                }
            }
        }
        return null;
    }

    /**
     * Unit propagation of one incompatibility: the package it derived a term for, NONE, or CONFLICT. A term that
     * holds only because a package's candidate list is still partial (the package is undecided and may gain
     * candidates) is not relied on to derive another package's term; the incompatibility is looked at again
     * when that package is decided. All terms holding is still a conflict, which completes the list.
     */
    private int propagate(Incompatibility incompatibility) {
        Term unsatisfied = null;
        boolean leansOnPartialList = false;
        for (Term t : incompatibility.terms()) {
            switch (t.relationTo(solution.accumulated(t.pkg()))) {
                case CONTRADICTED -> {
                    return NONE;
                }
                case INCONCLUSIVE -> {
                    if (unsatisfied != null) {
                        return NONE;
                    }
                    unsatisfied = t;
                }
                case SATISFIED -> leansOnPartialList |= mayStillGrow(t.pkg());
            }
        }
        if (unsatisfied == null) {
            return CONFLICT;
        }
        if (leansOnPartialList) {
            return NONE;
        }
        derive(unsatisfied.negate(), incompatibility);
        return unsatisfied.pkg();
    }

    /** Whether what the solution says about {@code pkg} could still change because its list grows. */
    private boolean mayStillGrow(int pkg) {
        return !known.get(pkg).isComplete() && !solution.isDecided(pkg);
    }

    /** PubGrub's conflict resolution, which also finds the root cause an explanation is written from. */
    private Resolution resolve(Incompatibility conflict) {
        if (completeAnyPartlyKnown(conflict)) {
            return new Resolution.Retry();
        }
        Incompatibility incompatibility = conflict;
        boolean derived = false;
        while (!incompatibility.isFailure()) {
            Term mostRecentTerm = null;
            PartialSolution.Assignment mostRecentSatisfier = null;
            Term difference = null;
            // level 1 holds the root's decision; stopping there keeps the root next to the final conclusion
            int previousSatisfierLevel = 1;
            for (Term term : incompatibility.terms()) {
                PartialSolution.Assignment satisfier = solution.satisfier(term);
                if (mostRecentSatisfier == null) {
                    mostRecentTerm = term;
                    mostRecentSatisfier = satisfier;
                } else if (mostRecentSatisfier.index() < satisfier.index()) {
                    previousSatisfierLevel = Math.max(previousSatisfierLevel, mostRecentSatisfier.level());
                    mostRecentTerm = term;
                    mostRecentSatisfier = satisfier;
                    difference = null;
                } else {
                    previousSatisfierLevel = Math.max(previousSatisfierLevel, satisfier.level());
                }
                if (mostRecentTerm == term) {
                    // if the satisfier does not satisfy the term alone, an earlier assignment did the rest
                    Term rest = mostRecentSatisfier.term().difference(mostRecentTerm);
                    difference = rest.isEmpty() ? null : rest;
                    if (difference != null) {
                        previousSatisfierLevel = Math.max(previousSatisfierLevel,
                                solution.satisfier(difference.negate()).level());
                    }
                }
            }
            if (previousSatisfierLevel < mostRecentSatisfier.level() || mostRecentSatisfier.isDecision()) {
                backtrack(previousSatisfierLevel);
                if (derived) {
                    store.add(incompatibility);
                }
                return new Resolution.Learned(incompatibility);
            }
            Incompatibility cause = mostRecentSatisfier.cause();
            if (completeAnyPartlyKnown(cause)) {
                return new Resolution.Retry();
            }
            List<Term> terms = new ArrayList<>();
            for (Term t : incompatibility.terms()) {
                if (t.pkg() != mostRecentTerm.pkg()) {
                    terms.add(t);
                }
            }
            for (Term t : cause.terms()) {
                if (t.pkg() != mostRecentSatisfier.pkg()) {
                    terms.add(t);
                }
            }
            if (difference != null) {
                terms.add(difference.negate());
            }
            incompatibility = Incompatibility.of(terms,
                    new IncompatibilityCause.Derived(incompatibility, cause, mostRecentSatisfier.pkg()));
            derived = true;
        }
        return new Resolution.Failed(incompatibility);
    }

    /**
     * A conflict over a partly known package may only mean the solver has not read its list yet; read it before
     * concluding anything. Returns whether anything was completed.
     */
    private boolean completeAnyPartlyKnown(Incompatibility incompatibility) {
        Set<Integer> partial = new LinkedHashSet<>();
        for (Term t : incompatibility.terms()) {
            if (!known.get(t.pkg()).isComplete()) {
                partial.add(t.pkg());
            }
        }
        if (partial.isEmpty()) {
            return false;
        }
        Set<Integer> grown = new LinkedHashSet<>();
        for (int pkg : partial) {
            if (known.complete(pkg)) {
                grown.add(pkg);
            }
        }
        absorbGrowth(grown);
        return true;
    }

    // ---- decisions -------------------------------------------------------------------------------------------

    private int nextToDecide() {
        while (!undecided.isEmpty()) {
            long entry = undecided.poll();
            int pkg = (int) entry;
            if (liveKey[pkg] != entry) {
                continue;
            }
            liveKey[pkg] = -1;
            Term term = solution.accumulated(pkg);
            if (!solution.isDecided(pkg) && term != null && term.positive()) {
                return pkg;
            }
        }
        return -1;
    }

    /**
     * The candidate to try for {@code pkg}: the installed one if allowed; else the highest soft version asked
     * for that is allowed; else the provider's first allowed one.
     */
    private int choose(int pkg) {
        KnownCandidates candidates = known.get(pkg);
        VersionSet allowed = solution.accumulated(pkg).set();
        if (candidates.installed() >= 0 && allowed.contains(candidates.installed())) {
            return candidates.installed();
        }
        for (Version soft : softVersions(pkg)) {
            if (known.probe(pkg, soft)) {
                return moveFor(pkg);
            }
            int candidate = candidates.withVersion(soft, allowed);
            if (candidate >= 0) {
                return candidate;
            }
        }
        if (!candidates.isComplete() && known.complete(pkg)) {
            return moveFor(pkg);
        }
        int candidate = candidates.firstInProviderOrder(allowed);
        if (candidate < 0) {
            throw new IllegalStateException("no candidate of " + candidates + " in " + allowed);
        }
        return candidate;
    }

    private int moveFor(int grownPackage) {
        absorbGrowth(Set.of(grownPackage));
        return MOVED;
    }

    /** Soft versions asked for by the decided packages that require {@code pkg}, highest first. */
    private Set<Version> softVersions(int pkg) {
        Set<Version> versions = new TreeSet<>(Comparator.reverseOrder());
        for (int i = known.get(pkg).askedSoftVersions() ? store.countMentioning(pkg) - 1 : -1; i >= 0; i--) {
            if (store.get(store.mentioning(pkg, i)).cause() instanceof IncompatibilityCause.Dependency d
                    && d.dependee() == pkg && !d.constrains() && d.requirement().preferred() != null
                    && isActive(d)) {
                versions.add(d.requirement().preferred());
            }
        }
        Version floor = known.get(pkg).softFloor();
        if (floor != null) {
            versions.add(floor);
        }
        return versions;
    }

    private boolean isActive(IncompatibilityCause.Dependency d) {
        return solution.decidedCandidate(d.depender()) == d.candidate();
    }

    /**
     * Reads what a candidate asks for and adds it as incompatibilities, once per candidate. Returns null when
     * reading it grew a candidate list, so that the search propagates before deciding anything.
     */
    private Expansion expand(int pkg, int candidate) {
        long key = key(pkg, candidate);
        Expansion expansion = expansions.get(key);
        if (expansion != null) {
            return expansion;
        }
        Set<String> exclusions;
        int[] path;
        List<Requirement> requires;
        List<Requirement> constrains;
        if (pkg == ROOT) {
            exclusions = Set.of();
            path = new int[0];
            requires = request.roots();
            constrains = request.pinned();
        } else {
            Package chosen = known.get(pkg).get(candidate);
            IncompatibilityCause.Dependency nearest = nearestEdge(pkg);
            if (nearest == null) {
                path = UNKNOWN_PATH;
                exclusions = Set.of();
            } else {
                path = pathOver(nearest);
                exclusions = nearest.depender() == ROOT
                        ? Set.copyOf(nearest.requirement().exclusions())
                        : InheritedExclusions.viaEdge(nearest.requirement(),
                                expansions.get(key(nearest.depender(), nearest.candidate())).exclusions());
            }
            if (settledExclusions.containsKey(chosen)) {
                exclusions = settledExclusions.get(chosen);
            }
            Dependencies dependencies = provider.dependencies(chosen, exclusions);
            requires = dependencies.requires();
            constrains = dependencies.constrains();
        }
        Set<Integer> grown = new LinkedHashSet<>();
        List<IncompatibilityCause.Dependency> facts = new ArrayList<>(requires.size() + constrains.size());
        int order = 0;
        for (Requirement r : requires) {
            int dependee = known.idOf(r.name());
            if (r.preferred() != null) {
                known.get(dependee).noteSoftVersionAsked();
            }
            if (admit(dependee, r)) {
                grown.add(dependee);
            }
            facts.add(new IncompatibilityCause.Dependency(pkg, candidate, r, dependee, false, order++));
        }
        for (Requirement r : constrains) {
            facts.add(new IncompatibilityCause.Dependency(pkg, candidate, r, known.idOf(r.name()), true, order++));
        }
        int[] ids = new int[facts.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = store.add(fact(facts.get(i)));
        }
        expansion = new Expansion(exclusions, facts);
        expansions.put(key, expansion);
        paths.put(key, path);
        factIds.put(key, ids);
        return absorbGrowth(grown) ? null : expansion;
    }

    /**
     * Whether deciding {@code candidate} would at once satisfy one of its own facts (counting only terms that
     * hold for good, as {@link #propagate(Incompatibility)} does, which then rules the candidate out).
     */
    private boolean wouldConflict(int pkg, int candidate) {
        Term decision = new Term(pkg, true, VersionSet.of(known.get(pkg).size(), candidate));
        for (int id : factIds.get(key(pkg, candidate))) {
            boolean satisfied = true;
            for (Term t : store.get(id).terms()) {
                satisfied = t.pkg() == pkg
                        ? decision.implies(t)
                        : t.relationTo(solution.accumulated(t.pkg())) == Term.Relation.SATISFIED
                                && !mayStillGrow(t.pkg());
                if (!satisfied) {
                    break;
                }
            }
            if (satisfied) {
                return true;
            }
        }
        return false;
    }

    /**
     * Makes sure the solver knows a candidate that {@code requirement} accepts, or knows them all: a requirement
     * that matches nothing known may only mean the list was not read yet. Returns whether the list grew.
     */
    private boolean admit(int pkg, Requirement requirement) {
        KnownCandidates candidates = known.get(pkg);
        if (candidates.isComplete()) {
            return false;
        }
        boolean grew = false;
        if (requirement.preferred() != null) {
            grew = known.probe(pkg, requirement.preferred());
        }
        if (candidates.matching(requirement.constraint()).isEmpty()) {
            grew |= known.complete(pkg);
        }
        return grew;
    }

    /** The path of a candidate expanded with no active edge into it (which should not happen): far away. */
    private static final int[] UNKNOWN_PATH = {Integer.MAX_VALUE};

    /**
     * The edge Maven would take the exclusions below {@code pkg} from, among the active ones known right now:
     * the one from the source nearest the root, ties going to the one a breadth-first walk meets first (see
     * {@link InheritedExclusions}). Sources' depths are those they had when they were expanded. Null when no
     * active edge leads into {@code pkg}.
     */
    private IncompatibilityCause.Dependency nearestEdge(int pkg) {
        IncompatibilityCause.Dependency best = null;
        int[] bestPath = null;
        for (int i = 0; i < store.countMentioning(pkg); i++) {
            if (store.get(store.mentioning(pkg, i)).cause() instanceof IncompatibilityCause.Dependency d
                    && d.dependee() == pkg && !d.constrains() && isActive(d)) {
                int[] path = pathOver(d);
                if (bestPath == null || nearer(path, bestPath)) {
                    best = d;
                    bestPath = path;
                }
            }
        }
        return best;
    }

    private int[] pathOver(IncompatibilityCause.Dependency d) {
        int[] source = paths.get(key(d.depender(), d.candidate()));
        int[] path = Arrays.copyOf(source, source.length + 1);
        path[source.length] = d.order();
        return path;
    }

    private static boolean nearer(int[] a, int[] b) {
        return a.length != b.length ? a.length < b.length : Arrays.compare(a, b) < 0;
    }

    /**
     * Gradle's rule for soft versions, which Maven users expect too: the highest soft version asked for wins.
     * When a package was decided before something asked it for a higher soft version, that version becomes the
     * package's floor, and {@link Solver} searches again with the floors known from the start (and the packages
     * in a better order), rather than this search throwing away everything decided since. Floors only rise, so
     * the rounds end. Returns whether a candidate list grew (the caller then propagates first).
     */
    private boolean raiseSoftFloors(Expansion expansion) {
        Set<Integer> grown = new LinkedHashSet<>();
        for (IncompatibilityCause.Dependency d : expansion.facts()) {
            Version wanted = d.requirement().preferred();
            int pkg = d.dependee();
            if (d.constrains() || wanted == null || !solution.isDecided(pkg)) {
                continue;
            }
            KnownCandidates candidates = known.get(pkg);
            Version chosen = candidates.get(solution.decidedCandidate(pkg)).version();
            Version floor = candidates.softFloor();
            if (wanted.compareTo(chosen) <= 0 || (floor != null && wanted.compareTo(floor) <= 0)) {
                continue;
            }
            Term before = solution.accumulatedBeforeDecision(pkg);
            VersionSet allowedThen = before == null || !before.positive()
                    ? VersionSet.all(candidates.size())
                    : before.set();
            if (candidates.installed() >= 0 && allowedThen.contains(candidates.installed())) {
                continue; // the installed version would win again
            }
            if (known.probe(pkg, wanted)) {
                grown.add(pkg);
                allowedThen = VersionSet.all(candidates.size()); // checked again next round
            }
            VersionSet acceptable = allowedThen.and(candidates.matching(d.requirement().constraint()));
            if (candidates.withVersion(wanted, acceptable) >= 0) {
                candidates.raiseSoftFloor(wanted);
                softFloorsUnmet = true;
            }
        }
        return absorbGrowth(grown);
    }

    // ---- growing candidate lists -----------------------------------------------------------------------------

    /**
     * Candidate lists of {@code grown} got longer: rebuild the provider facts about them over the longer lists,
     * extend what the partial solution says about them, and backtrack below any derivation the new candidates
     * leave unjustified. Returns whether anything grew, in which case the caller propagates before deciding.
     */
    private boolean absorbGrowth(Set<Integer> grown) {
        if (grown.isEmpty()) {
            return false;
        }
        int target = solution.level();
        for (int pkg : grown) {
            Map<Incompatibility, Incompatibility> rebuilt = store.rebuildFactsAbout(pkg,
                    old -> fact((IncompatibilityCause.Dependency) old.cause()));
            int unjustified = solution.extend(pkg, known.get(pkg).size(), rebuilt);
            if (unjustified >= 0) {
                target = Math.min(target, unjustified - 1);
            }
            markChanged(pkg);
        }
        if (target < solution.level()) {
            backtrack(target);
        }
        return true;
    }

    /** The incompatibility a provider fact stands for, over the candidates known now. */
    private Incompatibility fact(IncompatibilityCause.Dependency d) {
        KnownCandidates depender = known.get(d.depender());
        KnownCandidates dependee = known.get(d.dependee());
        Term who = new Term(d.depender(), true, VersionSet.of(depender.size(), d.candidate()));
        VersionSet matching = dependee.matching(d.requirement().constraint());
        Term what = d.constrains()
                ? new Term(d.dependee(), true, matching.complement())
                : new Term(d.dependee(), false, matching);
        return Incompatibility.of(List.of(who, what), d);
    }

    // ---- bookkeeping -----------------------------------------------------------------------------------------

    private void derive(Term term, Incompatibility cause) {
        solution.derive(term, cause);
        if (term.positive() && !solution.isDecided(term.pkg())) {
            offer(term.pkg());
        }
    }

    /**
     * Backtracks to {@code level}; -1 starts over (a package known at level 0, where the root's requirements
     * can also be derived after a backjump, grew), and the root is derived again.
     */
    private void backtrack(int level) {
        for (int pkg : solution.backtrack(level)) {
            offer(pkg);
        }
        if (level < 0) {
            markChanged(ROOT);
        }
    }

    private void offer(int pkg) {
        growPackageArrays(pkg);
        long key = decisionKey(pkg);
        if (liveKey[pkg] != key) {
            liveKey[pkg] = key;
            undecided.add(key);
        }
    }

    /**
     * The root, then {@link DecisionOrder}'s ranks, then the order the search first heard of a package; the
     * package id rides in the low half so a queue entry names its package.
     */
    private long decisionKey(int pkg) {
        if (decisionKeys[pkg] == 0) {
            long priority;
            if (pkg == ROOT) {
                priority = 0;
            } else {
                int rank = order.rankOf(known.get(pkg).name());
                priority = rank >= 0 ? 1 + rank : 1L + order.ranked() + pkg;
            }
            decisionKeys[pkg] = (priority << 32) | pkg;
        }
        return decisionKeys[pkg];
    }

    private void markChanged(int pkg) {
        if (!changedSet.get(pkg)) {
            changedSet.set(pkg);
            changed.add(pkg);
        }
    }

    private void growPackageArrays(int pkg) {
        if (pkg >= liveKey.length) {
            int n = Math.max(pkg + 1, liveKey.length * 2 + 8);
            int old = liveKey.length;
            liveKey = Arrays.copyOf(liveKey, n);
            decisionKeys = Arrays.copyOf(decisionKeys, n);
            Arrays.fill(liveKey, old, n, -1L);
        }
    }

    private static long key(int pkg, int candidate) {
        return ((long) pkg << 32) | candidate;
    }

    private SearchResult.Solution solution() {
        List<SearchResult.Chosen> chosen = new ArrayList<>();
        for (int pkg = 1; pkg < known.count(); pkg++) {
            int candidate = solution.decidedCandidate(pkg);
            if (candidate >= 0) {
                chosen.add(new SearchResult.Chosen(pkg, known.get(pkg).get(candidate),
                        expansions.get(key(pkg, candidate))));
            }
        }
        Map<PackageName, Version> floors = new HashMap<>();
        for (int pkg = 1; pkg < known.count(); pkg++) {
            if (known.get(pkg).softFloor() != null) {
                floors.put(known.get(pkg).name(), known.get(pkg).softFloor());
            }
        }
        return new SearchResult.Solution(expansions.get(key(ROOT, 0)), chosen, floors, softFloorsUnmet);
    }
}
