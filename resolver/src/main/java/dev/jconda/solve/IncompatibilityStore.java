package dev.jconda.solve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Every incompatibility of one search, by id, and for each package the ids of those that mention it, oldest
 * first. A fact read from the provider keeps its id when it is rebuilt over a grown candidate list.
 */
final class IncompatibilityStore {
    private final List<Incompatibility> byId = new ArrayList<>();
    private final List<int[]> idsByPackage = new ArrayList<>();
    private final List<Integer> countByPackage = new ArrayList<>();

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

    /** How many incompatibilities mention {@code pkg}; they are {@link #mentioning(int, int)} 0 until this. */
    int countMentioning(int pkg) {
        return pkg < countByPackage.size() ? countByPackage.get(pkg) : 0;
    }

    /** The id of the {@code i}th incompatibility (oldest first) that mentions {@code pkg}. */
    int mentioning(int pkg, int i) {
        return idsByPackage.get(pkg)[i];
    }

    /** Replaces every provider fact about {@code pkg} with {@code rebuild}'s answer. */
    void rebuildFactsAbout(int pkg, UnaryOperator<Incompatibility> rebuild) {
        int n = countMentioning(pkg);
        for (int i = 0; i < n; i++) {
            int id = mentioning(pkg, i);
            Incompatibility old = byId.get(id);
            if (old.cause() instanceof IncompatibilityCause.Dependency) {
                Incompatibility fresh = rebuild.apply(old);
                byId.set(id, fresh);
                for (Term t : fresh.terms()) {
                    if (!old.mentions(t.pkg())) {
                        index(t.pkg(), id);
                    }
                }
            }
        }
    }

    private void index(int pkg, int id) {
        while (idsByPackage.size() <= pkg) {
            idsByPackage.add(new int[4]);
            countByPackage.add(0);
        }
        int[] ids = idsByPackage.get(pkg);
        int count = countByPackage.get(pkg);
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
            idsByPackage.set(pkg, ids);
        }
        ids[count] = id;
        countByPackage.set(pkg, count + 1);
    }
}
