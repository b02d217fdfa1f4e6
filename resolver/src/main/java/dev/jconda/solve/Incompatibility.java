package dev.jconda.solve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of terms that cannot all hold at once, and the reason. Terms on one package are merged, and terms that
 * hold whatever happens are dropped, so {@code terms} names each package at most once.
 */
final class Incompatibility {
    static final int ROOT = 0;

    private final Term[] terms;
    private final IncompatibilityCause cause;

    private Incompatibility(Term[] terms, IncompatibilityCause cause) {
        this.terms = terms;
        this.cause = cause;
    }

    static Incompatibility of(List<Term> terms, IncompatibilityCause cause) {
        if (cause instanceof IncompatibilityCause.Derived && terms.size() > 1) {
            // the root is always chosen, so saying so adds nothing to a derived fact; pub drops it too, which
            // keeps the root next to the final conclusion in explanations
            List<Term> withoutRoot = new ArrayList<>(terms.size());
            for (Term t : terms) {
                if (!(t.pkg() == ROOT && t.positive())) {
                    withoutRoot.add(t);
                }
            }
            terms = withoutRoot;
        }
        Map<Integer, Term> byPackage = new LinkedHashMap<>();
        for (Term t : terms) {
            byPackage.merge(t.pkg(), t, Term::intersect);
        }
        List<Term> kept = new ArrayList<>(byPackage.size());
        for (Term t : byPackage.values()) {
            if (!t.isAlwaysTrue()) {
                kept.add(t);
            }
        }
        return new Incompatibility(kept.toArray(Term[]::new), cause);
    }

    Term[] terms() {
        return terms;
    }

    IncompatibilityCause cause() {
        return cause;
    }

    /** The term on {@code pkg}, or null. */
    Term termFor(int pkg) {
        for (Term t : terms) {
            if (t.pkg() == pkg) {
                return t;
            }
        }
        return null;
    }

    boolean mentions(int pkg) {
        for (Term t : terms) {
            if (t.pkg() == pkg) {
                return true;
            }
        }
        return false;
    }

    /** Nothing left to try: the incompatibility says the root itself cannot be chosen. */
    boolean isFailure() {
        return terms.length == 0 || (terms.length == 1 && terms[0].pkg() == ROOT && terms[0].positive());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (Term t : terms) {
            sb.append(sb.length() > 1 ? ", " : "").append(t.positive() ? "" : "not ").append(t.pkg())
                    .append(t.set());
        }
        return sb.append("} because ").append(cause.getClass().getSimpleName()).toString();
    }
}
