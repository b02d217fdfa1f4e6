package dev.jconda.solve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Every incompatibility of one search, by id, and for each package the ids of those that mention it, oldest
 * first. A fact read from the provider keeps its id when it is rebuilt over a grown candidate list.
 */
final class IncompatibilityStore {
    private static final int[] NONE = new int[0];

    private final List<Incompatibility> byId = new ArrayList<>();
    private int[][] idsByPackage = new int[0][];
    private int[] countByPackage = new int[0];

    int add(Incompatibility incompatibility) {
        int id = byId.size();
        byId.add(incompatibility);
        for (Term t : incompatibility.terms()) {
            index(t.pkg(), id);
        }
        return id;
    }

    Incompatibility get(int id) {
        return byId.get(id);
    }

    /** How many incompatibilities mention {@code pkg}. */
    int countMentioning(int pkg) {
        return pkg < countByPackage.length ? countByPackage[pkg] : 0;
    }

    /** The id of the {@code i}th incompatibility (oldest first) that mentions {@code pkg}. */
    int mentioning(int pkg, int i) {
        return idsByPackage[pkg][i];
    }

    /** Replaces every provider fact about {@code pkg} with {@code rebuild}'s answer; returns old to new. */
    Map<Incompatibility, Incompatibility> rebuildFactsAbout(int pkg, UnaryOperator<Incompatibility> rebuild) {
        Map<Incompatibility, Incompatibility> rebuilt = new IdentityHashMap<>();
        int n = countMentioning(pkg);
        for (int i = 0; i < n; i++) {
            int id = mentioning(pkg, i);
            Incompatibility old = byId.get(id);
            if (old.cause() instanceof IncompatibilityCause.Dependency) {
                Incompatibility fresh = rebuild.apply(old);
                byId.set(id, fresh);
                rebuilt.put(old, fresh);
                for (Term t : fresh.terms()) {
                    if (!old.mentions(t.pkg())) {
                        index(t.pkg(), id);
                    }
                }
            }
        }
        return rebuilt;
    }

    private void index(int pkg, int id) {
        if (pkg >= countByPackage.length) {
            int n = Math.max(pkg + 1, countByPackage.length * 2 + 8);
            int old = countByPackage.length;
            countByPackage = Arrays.copyOf(countByPackage, n);
            idsByPackage = Arrays.copyOf(idsByPackage, n);
            Arrays.fill(idsByPackage, old, n, NONE);
        }
        int[] ids = idsByPackage[pkg];
        int count = countByPackage[pkg];
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, Math.max(4, count * 2));
            idsByPackage[pkg] = ids;
        }
        ids[count] = id;
        countByPackage[pkg] = count + 1;
    }
}
