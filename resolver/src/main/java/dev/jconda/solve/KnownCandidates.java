package dev.jconda.solve;

import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Version;
import dev.jconda.model.VersionConstraint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The candidates of one package that the solver has seen so far. Maven versions are only listed when a soft
 * version will not do, so a package starts with what is known for free (the installed one, the soft versions
 * asked for) and grows; it is <em>complete</em> once the provider's list has been read. Candidates are only ever
 * appended, so an index names one candidate for the whole solve.
 */
final class KnownCandidates {
    private final int id;
    private final PackageName name;
    private final List<Package> candidates = new ArrayList<>();
    private final Map<Package, Integer> indexOf = new HashMap<>();
    private final Set<Version> probed = new HashSet<>();
    private final Map<VersionConstraint, VersionSet> matchingCache = new HashMap<>();
    private boolean complete;
    /** Candidate indices best first, as the provider listed them; those it did not list come last. */
    private int[] providerOrder;
    private int installed = -1;
    /** The highest soft version a package decided later asked for; only ever rises (see {@link Search}). */
    private Version softFloor;
    /** Whether any requirement read so far carries a soft version for this package. */
    private boolean askedSoftVersions;

    KnownCandidates(int id, PackageName name) {
        this.id = id;
        this.name = name;
    }

    /** The root: one pseudo candidate, the request itself. */
    static KnownCandidates root() {
        KnownCandidates root = new KnownCandidates(Incompatibility.ROOT, null);
        root.complete = true;
        root.providerOrder = new int[]{0};
        return root;
    }

    int id() {
        return id;
    }

    boolean isRoot() {
        return name == null;
    }

    PackageName name() {
        return name;
    }

    int size() {
        return isRoot() ? 1 : candidates.size();
    }

    Package get(int index) {
        return candidates.get(index);
    }

    List<Package> all() {
        return candidates;
    }

    boolean isComplete() {
        return complete;
    }

    int installed() {
        return installed;
    }

    Version softFloor() {
        return softFloor;
    }

    void raiseSoftFloor(Version version) {
        if (softFloor == null || version.compareTo(softFloor) > 0) {
            softFloor = version;
        }
    }

    boolean askedSoftVersions() {
        return askedSoftVersions;
    }

    void noteSoftVersionAsked() {
        askedSoftVersions = true;
    }

    boolean wasProbed(Version version) {
        return probed.contains(version);
    }

    /** Adds a candidate if it is new; returns whether the list grew. */
    boolean add(Package candidate) {
        if (indexOf.containsKey(candidate)) {
            return false;
        }
        indexOf.put(candidate, candidates.size());
        candidates.add(candidate);
        matchingCache.clear();
        if (providerOrder != null) {
            providerOrder = append(providerOrder, candidates.size() - 1);
        }
        return true;
    }

    void markInstalled(Package candidate) {
        add(candidate);
        installed = indexOf.get(candidate);
    }

    /** Records the answer to {@code candidate(name, version)}; returns whether the list grew. */
    boolean addProbed(Version version, Package found) {
        probed.add(version);
        return found != null && add(found);
    }

    /** Records the provider's full list; returns whether the list grew. */
    boolean completeWith(List<Package> listed) {
        boolean grew = false;
        for (Package p : listed) {
            grew |= add(p);
        }
        int[] order = new int[candidates.size()];
        BitSet placed = new BitSet(candidates.size());
        int n = 0;
        for (Package p : listed) {
            int index = indexOf.get(p);
            if (!placed.get(index)) {
                placed.set(index);
                order[n++] = index;
            }
        }
        for (int i = placed.nextClearBit(0); i < candidates.size(); i = placed.nextClearBit(i + 1)) {
            order[n++] = i;
        }
        providerOrder = order;
        complete = true;
        return grew;
    }

    VersionSet matching(VersionConstraint constraint) {
        VersionSet known = matchingCache.get(constraint);
        if (known == null) {
            known = VersionSet.matching(size(), i -> constraint.matches(candidates.get(i)));
            matchingCache.put(constraint, known);
        }
        return known;
    }

    /** The best candidate in {@code allowed} whose version equals {@code version}, or -1. */
    int withVersion(Version version, VersionSet allowed) {
        int best = -1;
        for (int i = allowed.next(0); i >= 0; i = allowed.next(i + 1)) {
            if (candidates.get(i).version().compareTo(version) == 0 && (best < 0 || rank(i) < rank(best))) {
                best = i;
            }
        }
        return best;
    }

    /** The first candidate of {@code allowed} in the provider's order; the list must be complete. */
    int firstInProviderOrder(VersionSet allowed) {
        for (int i : providerOrder) {
            if (allowed.contains(i)) {
                return i;
            }
        }
        return -1;
    }

    private int rank(int index) {
        if (providerOrder == null) {
            return index;
        }
        for (int r = 0; r < providerOrder.length; r++) {
            if (providerOrder[r] == index) {
                return r;
            }
        }
        return providerOrder.length;
    }

    private static int[] append(int[] order, int index) {
        int[] out = Arrays.copyOf(order, order.length + 1);
        out[order.length] = index;
        return out;
    }

    @Override
    public String toString() {
        return isRoot() ? "<root>" : name.toString();
    }
}
