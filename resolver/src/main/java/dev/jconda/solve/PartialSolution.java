package dev.jconda.solve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * PubGrub's partial solution: the decisions made so far and the terms derived from them, in order, each at the
 * decision level it was made. Besides the usual per-package view it remembers, per package, the earliest
 * assignment that depended on what is known of that package's candidates ({@link #firstTouchLevel}), so that
 * when a package's candidate list grows the search knows how far back its old facts reach.
 */
final class PartialSolution {
    private static final int UNTOUCHED = Integer.MAX_VALUE;

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
    private int[] firstTouch = new int[0];
    private int level;

    int level() {
        return level;
    }

    int size() {
        return assignments.size();
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

    /** The decision level of the earliest assignment that relied on {@code pkg}'s candidates, or -1. */
    int firstTouchLevel(int pkg) {
        if (pkg >= firstTouch.length || firstTouch[pkg] == UNTOUCHED) {
            return -1;
        }
        return assignments.get(firstTouch[pkg]).level();
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
        assignments.add(new Assignment(index, pkg, term, accumulated, level, cause, previous));
        latest[pkg] = index;
        if (cause == null) {
            decision[pkg] = index;
            touch(pkg, index);
        } else {
            for (Term t : cause.terms()) {
                touch(t.pkg(), index);
            }
        }
    }

    private void touch(int pkg, int index) {
        grow(pkg);
        if (firstTouch[pkg] > index) {
            firstTouch[pkg] = index;
        }
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
     * Removes every assignment above {@code target}; returns the packages whose decisions were undone, so the
     * search can decide them again.
     */
    List<Integer> backtrack(int target) {
        List<Integer> undecided = new ArrayList<>();
        List<Integer> maybeUntouched = new ArrayList<>();
        while (!assignments.isEmpty() && assignments.getLast().level() > target) {
            Assignment a = assignments.removeLast();
            latest[a.pkg()] = a.previous();
            maybeUntouched.add(a.pkg());
            if (a.isDecision()) {
                decision[a.pkg()] = -1;
                undecided.add(a.pkg());
            } else {
                for (Term t : a.cause().terms()) {
                    maybeUntouched.add(t.pkg());
                }
            }
        }
        for (int pkg : maybeUntouched) {
            if (firstTouch[pkg] != UNTOUCHED && firstTouch[pkg] >= assignments.size()) {
                firstTouch[pkg] = UNTOUCHED;
            }
        }
        level = target;
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
        firstTouch = Arrays.copyOf(firstTouch, n);
        Arrays.fill(latest, old, n, -1);
        Arrays.fill(decision, old, n, -1);
        Arrays.fill(firstTouch, old, n, UNTOUCHED);
    }
}
