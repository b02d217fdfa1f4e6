package dev.jconda.solve;

import dev.jconda.model.PackageName;
import dev.jconda.model.Requirement;
import dev.jconda.model.Version;
import dev.jconda.model.VersionConstraint;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The requirement strings of the solver corpus, parsed just well enough for fixtures (the real MatchSpec parser
 * lives in dev.jconda.spec):
 * <pre>
 *   name [constraint] [@soft-version] [exclude pattern,pattern...]
 * </pre>
 * where a constraint is conda's ({@code >=1.2,<2}, {@code 1.2.*}, {@code =1.2}, {@code ==1.0}, {@code !=1.3},
 * {@code 1.0|3.0}, a bare version meaning exactly it) or a Maven range ({@code [1.0,2.0)}, {@code [1.0,2.0),[3.0,)}).
 */
final class FixtureSpec {
    private FixtureSpec() {
    }

    static Requirement requirement(String text, String requiredBy) {
        String rest = text.trim();
        Set<String> exclusions = new LinkedHashSet<>();
        int exclude = rest.indexOf(" exclude ");
        if (exclude >= 0) {
            for (String pattern : rest.substring(exclude + " exclude ".length()).split(",")) {
                exclusions.add(pattern.trim());
            }
            rest = rest.substring(0, exclude).trim();
        }
        int end = 0;
        while (end < rest.length() && " <>=!~[(@".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        PackageName name = PackageName.of(rest.substring(0, end));
        rest = rest.substring(end).trim();
        Version soft = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            soft = Version.of(rest.substring(at + 1).trim());
            rest = rest.substring(0, at).trim();
        }
        return new Requirement(name, constraint(rest), soft, exclusions, requiredBy);
    }

    static VersionConstraint constraint(String text) {
        String s = text.replace(" ", "");
        if (s.isEmpty() || s.equals("*")) {
            return VersionConstraint.any();
        }
        if (s.startsWith("[") || s.startsWith("(")) {
            List<VersionConstraint> ranges = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) == ']' || s.charAt(i) == ')') {
                    ranges.add(mavenRange(s.substring(start, i + 1)));
                    start = i + 2; // skip the comma between ranges
                }
            }
            return ranges.size() == 1 ? ranges.getFirst() : new VersionConstraint.AnyOf(ranges);
        }
        if (s.contains("|")) {
            List<VersionConstraint> parts = new ArrayList<>();
            for (String part : s.split("\\|")) {
                parts.add(constraint(part));
            }
            return new VersionConstraint.AnyOf(parts);
        }
        if (s.contains(",")) {
            List<VersionConstraint> parts = new ArrayList<>();
            for (String part : s.split(",")) {
                parts.add(constraint(part));
            }
            return new VersionConstraint.All(parts);
        }
        for (VersionConstraint.Operator op : List.of(VersionConstraint.Operator.GE, VersionConstraint.Operator.LE,
                VersionConstraint.Operator.NE, VersionConstraint.Operator.GT, VersionConstraint.Operator.LT)) {
            if (s.startsWith(op.symbol)) {
                return new VersionConstraint.Compare(op, Version.of(s.substring(op.symbol.length())));
            }
        }
        if (s.startsWith("==")) {
            return new VersionConstraint.Exact(Version.of(s.substring(2)));
        }
        if (s.startsWith("=")) {
            return new VersionConstraint.Prefix(Version.of(stripStar(s.substring(1))));
        }
        if (s.endsWith(".*")) {
            return new VersionConstraint.Prefix(Version.of(stripStar(s)));
        }
        return new VersionConstraint.Exact(Version.of(s));
    }

    private static String stripStar(String s) {
        return s.endsWith(".*") ? s.substring(0, s.length() - 2) : s;
    }

    private static VersionConstraint mavenRange(String notation) {
        boolean lowerInclusive = notation.charAt(0) == '[';
        boolean upperInclusive = notation.charAt(notation.length() - 1) == ']';
        String inner = notation.substring(1, notation.length() - 1);
        int comma = inner.indexOf(',');
        if (comma < 0) {
            Version exact = Version.of(inner);
            return new VersionConstraint.MavenRange(notation, exact, true, exact, true);
        }
        String lower = inner.substring(0, comma);
        String upper = inner.substring(comma + 1);
        return new VersionConstraint.MavenRange(notation, lower.isEmpty() ? null : Version.of(lower),
                lowerInclusive, upper.isEmpty() ? null : Version.of(upper), upperInclusive);
    }
}
