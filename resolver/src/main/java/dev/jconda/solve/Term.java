package dev.jconda.solve;

/**
 * PubGrub's term: "package {@code pkg} is chosen with a candidate in {@code set}" when positive, or "{@code pkg} is
 * not chosen with a candidate in {@code set}" when negative. A negative term is also true when the package is
 * absent, which is how optional things ({@code constrains}, Maven exclusions) stay cheap.
 */
record Term(int pkg, boolean positive, VersionSet set) {

    enum Relation { SATISFIED, CONTRADICTED, INCONCLUSIVE }

    Term negate() {
        return new Term(pkg, !positive, set);
    }

    /** Neither set of candidates nor absence: a positive term over no candidate can never hold. */
    boolean isEmpty() {
        return positive && set.isEmpty();
    }

    /** Holds whatever happens to the package (a negative term over no candidate). */
    boolean isAlwaysTrue() {
        return !positive && set.isEmpty();
    }

    Term intersect(Term other) {
        requireSamePackage(other);
        if (positive && other.positive) {
            return new Term(pkg, true, set.and(other.set));
        }
        if (positive) {
            return new Term(pkg, true, set.andNot(other.set));
        }
        if (other.positive) {
            return new Term(pkg, true, other.set.andNot(set));
        }
        return new Term(pkg, false, set.or(other.set));
    }

    /** What this term allows that {@code other} does not. */
    Term difference(Term other) {
        return intersect(other.negate());
    }

    /** Whether every way {@code this} can hold makes {@code other} hold. */
    boolean implies(Term other) {
        requireSamePackage(other);
        if (positive) {
            return other.positive ? set.isSubsetOf(other.set) : !set.intersects(other.set);
        }
        // this allows absence; only a negative term also does
        return !other.positive && other.set.isSubsetOf(set);
    }

    /** Whether {@code this} and {@code other} cannot hold together. */
    boolean excludes(Term other) {
        requireSamePackage(other);
        if (positive) {
            return other.positive ? !set.intersects(other.set) : set.isSubsetOf(other.set);
        }
        return other.positive && other.set.isSubsetOf(set);
    }

    /**
     * How this term stands given everything the partial solution says about its package ({@code known}, null
     * when it says nothing).
     */
    Relation relationTo(Term known) {
        if (known == null) {
            return isEmpty() ? Relation.CONTRADICTED : isAlwaysTrue() ? Relation.SATISFIED : Relation.INCONCLUSIVE;
        }
        if (known.implies(this)) {
            return Relation.SATISFIED;
        }
        return known.excludes(this) ? Relation.CONTRADICTED : Relation.INCONCLUSIVE;
    }

    private void requireSamePackage(Term other) {
        if (pkg != other.pkg) {
            throw new IllegalArgumentException("terms for packages " + pkg + " and " + other.pkg);
        }
    }
}
