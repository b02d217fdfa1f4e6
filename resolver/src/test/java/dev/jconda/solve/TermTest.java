package dev.jconda.solve;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The term algebra, checked against its meaning over every term of small universes: a term is the set of
 * outcomes it allows, where an outcome is one candidate index or "absent".
 */
class TermTest {
    private static final int ABSENT = -1;

    private static List<Term> allTerms(int universe) {
        List<Term> terms = new ArrayList<>();
        for (int mask = 0; mask < 1 << universe; mask++) {
            int m = mask;
            VersionSet set = VersionSet.matching(universe, i -> (m & (1 << i)) != 0);
            terms.add(new Term(0, true, set));
            terms.add(new Term(0, false, set));
        }
        return terms;
    }

    private static boolean allows(Term t, int outcome) {
        if (outcome == ABSENT) {
            return !t.positive();
        }
        return t.positive() == t.set().contains(outcome);
    }

    @Test
    void setOperationsAgreeWithTheirMeaning() {
        for (int universe : new int[]{0, 1, 3, 4}) {
            List<Term> terms = allTerms(universe);
            for (Term a : terms) {
                for (Term b : terms) {
                    Term both = a.intersect(b);
                    Term rest = a.difference(b);
                    boolean implies = true;
                    boolean excludes = true;
                    for (int outcome = ABSENT; outcome < universe; outcome++) {
                        assertEquals(allows(a, outcome) && allows(b, outcome), allows(both, outcome));
                        assertEquals(allows(a, outcome) && !allows(b, outcome), allows(rest, outcome));
                        assertEquals(!allows(a, outcome), allows(a.negate(), outcome));
                        implies &= !allows(a, outcome) || allows(b, outcome);
                        excludes &= !(allows(a, outcome) && allows(b, outcome));
                    }
                    assertEquals(implies, a.implies(b), a + " implies " + b);
                    assertEquals(excludes, a.excludes(b), a + " excludes " + b);
                }
            }
        }
    }

    @Test
    void setsLargerThanAWordKeepTheirTail() {
        VersionSet set = VersionSet.matching(130, i -> i % 7 == 0);
        VersionSet complement = set.complement();
        assertEquals(130, set.size() + complement.size());
        assertEquals(-1, complement.next(130));
        assertEquals(129, set.or(complement).next(129));
        assertEquals(true, set.and(complement).isEmpty());
        assertEquals(VersionSet.all(130), set.or(complement));
    }
}
