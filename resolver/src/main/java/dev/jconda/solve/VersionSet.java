package dev.jconda.solve;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * A set of one package's candidates, named by their index in {@link KnownCandidates}. Constraints are arbitrary
 * predicates (conda's {@code 1.2.*} is not an interval in Maven's order), but the candidates are finite, so a bit per
 * known candidate makes every set operation exact. Immutable; {@code universe} is how many candidates were known
 * when the set was made, and two sets are only combined over the same universe.
 */
final class VersionSet {
    private static final long[] NO_WORDS = new long[0];

    private final long[] words;
    private final int universe;

    private VersionSet(long[] words, int universe) {
        this.words = words;
        this.universe = universe;
    }

    static VersionSet none(int universe) {
        return new VersionSet(universe == 0 ? NO_WORDS : new long[wordCount(universe)], universe);
    }

    static VersionSet all(int universe) {
        return none(universe).complement();
    }

    static VersionSet of(int universe, int index) {
        if (index < 0 || index >= universe) {
            throw new IndexOutOfBoundsException(index + " outside " + universe + " candidates");
        }
        long[] words = new long[wordCount(universe)];
        words[index >>> 6] = 1L << index;
        return new VersionSet(words, universe);
    }

    static VersionSet matching(int universe, IntPredicate member) {
        long[] words = new long[wordCount(universe)];
        for (int i = 0; i < universe; i++) {
            if (member.test(i)) {
                words[i >>> 6] |= 1L << i;
            }
        }
        return new VersionSet(words, universe);
    }

    private static int wordCount(int universe) {
        return (universe + 63) >>> 6;
    }

    boolean contains(int index) {
        return index >= 0 && index < universe && (words[index >>> 6] & (1L << index)) != 0;
    }

    boolean isEmpty() {
        for (long w : words) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    int size() {
        int n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    /** The first member at or after {@code from}, or -1. */
    int next(int from) {
        if (from >= universe) {
            return -1;
        }
        int w = from >>> 6;
        long word = words[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++w == words.length) {
                return -1;
            }
            word = words[w];
        }
    }

    VersionSet complement() {
        long[] out = new long[words.length];
        for (int i = 0; i < words.length; i++) {
            out[i] = ~words[i];
        }
        int tail = universe & 63;
        if (tail != 0) {
            out[out.length - 1] &= (1L << tail) - 1;
        }
        return new VersionSet(out, universe);
    }

    VersionSet and(VersionSet other) {
        sameUniverse(other);
        long[] out = new long[words.length];
        for (int i = 0; i < words.length; i++) {
            out[i] = words[i] & other.words[i];
        }
        return new VersionSet(out, universe);
    }

    VersionSet or(VersionSet other) {
        sameUniverse(other);
        long[] out = new long[words.length];
        for (int i = 0; i < words.length; i++) {
            out[i] = words[i] | other.words[i];
        }
        return new VersionSet(out, universe);
    }

    VersionSet andNot(VersionSet other) {
        sameUniverse(other);
        long[] out = new long[words.length];
        for (int i = 0; i < words.length; i++) {
            out[i] = words[i] & ~other.words[i];
        }
        return new VersionSet(out, universe);
    }

    boolean isSubsetOf(VersionSet other) {
        sameUniverse(other);
        for (int i = 0; i < words.length; i++) {
            if ((words[i] & ~other.words[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    boolean intersects(VersionSet other) {
        sameUniverse(other);
        for (int i = 0; i < words.length; i++) {
            if ((words[i] & other.words[i]) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sets made before a package's candidate list grew must never meet sets made after: the search rebuilds or
     * drops every fact about a package whose list grows, and this check is how a missed one shows up in tests.
     */
    private void sameUniverse(VersionSet other) {
        if (universe != other.universe) {
            throw new IllegalStateException("version sets over " + universe + " and " + other.universe
                    + " candidates combined");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionSet v && universe == v.universe && Arrays.equals(words, v.words);
    }

    @Override
    public int hashCode() {
        return 31 * universe + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = next(0); i >= 0; i = next(i + 1)) {
            sb.append(sb.length() > 1 ? "," : "").append(i);
        }
        return sb.append("}/").append(universe).toString();
    }
}
