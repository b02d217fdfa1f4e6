package dev.jconda.solve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * PubGrub's partial solution: the decisions made so far and the terms derived from them, in order, each at the
 * decision level it was made. Besides the usual per-package view it remembers, per package, every assignment that
 * relied on what is known of that package's candidates (its <em>touches</em>: assignments on it, and derivations
 * whose cause mentions it), so that when a package's candidate list grows the search can extend those
 * assignments in place ({@link #extend}) instead of starting over.
 */
final class PartialSolution {
    private static final int[] NONE = new int[0];

    /**
     * @param term        what this assignment says
     * @param accumulated everything the solution says about the package up to and including this assignment
     * @param cause       the incompatibility it was derived from; null for a decision
     * @param previous    the index of the package's previous assignment, or -1
     */
    record Assignment(int index, int pkg, Term term, Term accumulated, int level, Incompatibility cause,
                      int previous) {
        boolean isDecision() {
            return cause == null;
        }
    }

    private final List<Assignment> assignments = new ArrayList<>();
    private int[] latest = new int[0];
    private int[] decision = new int[0];
    /** Per package, the indices of the assignments that touch it, ascending. */
    private int[][] touches = new int[0][];
    private int[] touchCount = new int[0];
    private int level;

    int level() {
        return level;
    }

    /** Everything known about {@code pkg}, or null when nothing is. */
    Term accumulated(int pkg) {
        int i = pkg < latest.length ? latest[pkg] : -1;
        return i < 0 ? null : assignments.get(i).accumulated();
    }

    boolean isDecided(int pkg) {
        return pkg < decision.length && decision[pkg] >= 0;
    }

    /** The decided candidate index of {@code pkg}, or -1. */
    int decidedCandidate(int pkg) {
        if (!isDecided(pkg)) {
            return -1;
        }
        return assignments.get(decision[pkg]).term().set().next(0);
    }

    int decisionLevel(int pkg) {
        return assignments.get(decision[pkg]).level();
    }

    /** What was known about a decided package just before it was decided. */
    Term accumulatedBeforeDecision(int pkg) {
        int previous = assignments.get(decision[pkg]).previous();
        return previous < 0 ? null : assignments.get(previous).accumulated();
    }

    void decide(int pkg, Term term) {
        level++;
        add(pkg, term, null);
    }

    void derive(Term term, Incompatibility cause) {
        add(term.pkg(), term, cause);
    }

    private void add(int pkg, Term term, Incompatibility cause) {
        grow(pkg);
        int index = assignments.size();
        int previous = latest[pkg];
        Term accumulated = previous < 0 ? term : assignments.get(previous).accumulated().intersect(term);
        Assignment a = new Assignment(index, pkg, term, accumulated, level, cause, previous);
        assignments.add(a);
        latest[pkg] = index;
        if (cause == null) {
            decision[pkg] = index;
        }
        for (int touched : touchedBy(a)) {
            grow(touched);
            int n = touchCount[touched];
            if (n == 0 || touches[touched][n - 1] != index) {
                if (n == touches[touched].length) {
                    touches[touched] = Arrays.copyOf(touches[touched], Math.max(4, n * 2));
                }
                touches[touched][n] = index;
                touchCount[touched] = n + 1;
            }
        }
    }

    private static int[] touchedBy(Assignment a) {
        if (a.isDecision()) {
            return new int[]{a.pkg()};
        }
        Term[] terms = a.cause().terms();
        int[] pkgs = new int[terms.length];
        for (int i = 0; i < terms.length; i++) {
            pkgs[i] = terms[i].pkg();
        }
        return pkgs;
    }

    /** The earliest assignment after which the solution satisfies {@code term}. */
    Assignment satisfier(Term term) {
        int i = term.pkg() < latest.length ? latest[term.pkg()] : -1;
        Assignment found = null;
        while (i >= 0) {
            Assignment a = assignments.get(i);
            if (!a.accumulated().implies(term)) {
                break;
            }
            found = a;
            i = a.previous();
        }
        if (found == null) {
            throw new IllegalStateException("nothing satisfies term on package " + term.pkg());
        }
        return found;
    }

    /**
     * {@code pkg} now has {@code candidates} known candidates, and the provider facts about it were rebuilt
     * ({@code rebuilt}: old to new). Rewrites every assignment that touches it over the larger list: a term on
     * it is derived again from its rebuilt cause, and a derivation on another package is checked to be still
     * justified, that is, the cause's term on {@code pkg} still holds where it was used. Returns the level of
     * the first derivation that is no longer justified, which the caller must backtrack below, or -1.
     */
    int extend(int pkg, int candidates, Map<Incompatibility, Incompatibility> rebuilt) {
        int unjustified = -1;
        Term accumulated = null;
        int n = pkg < touchCount.length ? touchCount[pkg] : 0;
        for (int k = 0; k < n; k++) {
            int i = touches[pkg][k];
            Assignment a = assignments.get(i);
            Incompatibility cause = a.isDecision() ? null : rebuilt.getOrDefault(a.cause(), a.cause());
            if (a.pkg() == pkg) {
                Term term = a.isDecision()
                        ? new Term(pkg, true, VersionSet.of(candidates, a.term().set().next(0)))
                        : cause.termFor(pkg).negate();
                accumulated = accumulated == null ? term : accumulated.intersect(term);
                assignments.set(i, new Assignment(i, pkg, term, accumulated, a.level(), cause, a.previous()));
            } else {
                Term used = cause.termFor(pkg);
                if (unjustified < 0 && used != null && used.relationTo(accumulated) != Term.Relation.SATISFIED) {
                    unjustified = a.level();
                }
                if (cause != a.cause()) {
                    assignments.set(i, new Assignment(i, a.pkg(), a.term(), a.accumulated(), a.level(), cause,
                            a.previous()));
                }
            }
        }
        return unjustified;
    }

    /**
     * Removes every assignment above level {@code target} (-1 removes them all); returns the packages whose
     * decisions were undone, so the search can decide them again.
     */
    List<Integer> backtrack(int target) {
        List<Integer> undecided = new ArrayList<>();
        while (!assignments.isEmpty() && assignments.getLast().level() > target) {
            Assignment a = assignments.removeLast();
            latest[a.pkg()] = a.previous();
            if (a.isDecision()) {
                decision[a.pkg()] = -1;
                undecided.add(a.pkg());
            }
            for (int touched : touchedBy(a)) {
                int count = touchCount[touched];
                if (count > 0 && touches[touched][count - 1] == a.index()) {
                    touchCount[touched] = count - 1;
                }
            }
        }
        level = Math.max(target, 0);
        return undecided;
    }

    private void grow(int pkg) {
        if (pkg < latest.length) {
            return;
        }
        int n = Math.max(pkg + 1, latest.length * 2 + 8);
        int old = latest.length;
        latest = Arrays.copyOf(latest, n);
        decision = Arrays.copyOf(decision, n);
        touches = Arrays.copyOf(touches, n);
        touchCount = Arrays.copyOf(touchCount, n);
        Arrays.fill(latest, old, n, -1);
        Arrays.fill(decision, old, n, -1);
        Arrays.fill(touches, old, n, NONE);
    }
}
