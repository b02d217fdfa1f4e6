package dev.jconda.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A set of versions: conda's version syntax ({@code 1.2.*}, {@code >=1.2,<2}, {@code 1.2|1.4}) and Maven's ranges
 * ({@code [1.0,2.0)}) both become one of these, so the solver sees one kind of constraint.
 */
public sealed interface VersionConstraint {

    boolean matches(Version version);

    /** Every version. */
    record Any() implements VersionConstraint {
        @Override public boolean matches(Version version) { return true; }
        @Override public String toString() { return "*"; }
    }

    /** {@code ==1.2.3}: exactly this version. */
    record Exact(Version version) implements VersionConstraint {
        @Override public boolean matches(Version v) { return version.compareTo(v) == 0; }
        @Override public String toString() { return "==" + version; }
    }

    /** {@code 1.2.*} or conda's {@code =1.2}: the version or any version below it in the dotted hierarchy. */
    record Prefix(Version prefix) implements VersionConstraint {
        @Override public boolean matches(Version v) { return v.hasPrefix(prefix); }
        @Override public String toString() { return prefix + ".*"; }
    }

    enum Operator {
        GT(">"), GE(">="), LT("<"), LE("<="), NE("!=");
        public final String symbol;
        Operator(String symbol) { this.symbol = symbol; }
    }

    /** {@code >=1.2}, {@code <2}, {@code !=1.3}. */
    record Compare(Operator op, Version version) implements VersionConstraint {
        @Override
        public boolean matches(Version v) {
            int c = v.compareTo(version);
            return switch (op) {
                case GT -> c > 0;
                case GE -> c >= 0;
                case LT -> c < 0;
                case LE -> c <= 0;
                case NE -> c != 0;
            };
        }
        @Override public String toString() { return op.symbol + version; }
    }

    /** Every part holds ({@code ,} in conda syntax). */
    record All(List<VersionConstraint> parts) implements VersionConstraint {
        public All { parts = List.copyOf(parts); }
        @Override public boolean matches(Version v) { return parts.stream().allMatch(p -> p.matches(v)); }
        @Override public String toString() {
            return parts.stream().map(VersionConstraint::toString).collect(Collectors.joining(","));
        }
    }

    /** One part holds ({@code |} in conda syntax, or a union of Maven ranges). */
    record AnyOf(List<VersionConstraint> parts) implements VersionConstraint {
        public AnyOf { parts = List.copyOf(parts); }
        @Override public boolean matches(Version v) { return parts.stream().anyMatch(p -> p.matches(v)); }
        @Override public String toString() {
            return parts.stream().map(VersionConstraint::toString).collect(Collectors.joining("|"));
        }
    }

    /** A Maven range such as {@code [1.0,2.0)}; kept in Maven's own notation for messages and lockfiles. */
    record MavenRange(String notation, Version lower, boolean lowerInclusive, Version upper, boolean upperInclusive)
            implements VersionConstraint {
        @Override
        public boolean matches(Version v) {
            if (lower != null) {
                int c = v.compareTo(lower);
                if (c < 0 || (c == 0 && !lowerInclusive)) return false;
            }
            if (upper != null) {
                int c = v.compareTo(upper);
                if (c > 0 || (c == 0 && !upperInclusive)) return false;
            }
            return true;
        }
        @Override public String toString() { return notation; }
    }

    static VersionConstraint any() {
        return new Any();
    }
}
