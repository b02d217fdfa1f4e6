package dev.jconda.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A set of versions: conda's version syntax ({@code 1.2.*}, {@code >=1.2,<2}, {@code 1.2|1.4}) and Maven's ranges
 * ({@code [1.0,2.0)}) both become one of these, so the solver sees one kind of constraint.
 */
public sealed interface VersionConstraint {

    boolean matches(Version version);

    /** Whether a candidate satisfies this constraint; only {@link WithBuild} looks past the version. */
    default boolean matches(Package candidate) {
        return matches(candidate.version());
    }

    /**
     * conda's build-string match ({@code libtorch 2.5.1 cu124*}): a version constraint plus a glob on the build
     * string, so the solver can tell a package's cpu and CUDA builds of one version apart.
     */
    record WithBuild(VersionConstraint version, String buildGlob) implements VersionConstraint {
        @Override public boolean matches(Version v) { return version.matches(v); }

        @Override
        public boolean matches(Package candidate) {
            String build = switch (candidate) {
                case ChannelPackage c -> c.build();
                case VirtualPackage v -> v.build();
                case MavenPackage m -> "";
            };
            return version.matches(candidate.version()) && globMatches(buildGlob, build);
        }

        static boolean globMatches(String glob, String value) {
            int g = 0, v = 0, star = -1, mark = 0;
            while (v < value.length()) {
                if (g < glob.length() && glob.charAt(g) == value.charAt(v)) {
                    g++;
                    v++;
                } else if (g < glob.length() && glob.charAt(g) == '*') {
                    star = g++;
                    mark = v;
                } else if (star >= 0) {
                    g = star + 1;
                    v = ++mark;
                } else {
                    return false;
                }
            }
            while (g < glob.length() && glob.charAt(g) == '*') {
                g++;
            }
            return g == glob.length();
        }

        @Override public String toString() { return version + " " + buildGlob; }
    }

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
