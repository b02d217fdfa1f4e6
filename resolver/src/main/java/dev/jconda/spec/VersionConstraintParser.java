package dev.jconda.spec;

import dev.jconda.model.Version;
import dev.jconda.model.VersionConstraint;
import dev.jconda.model.VersionConstraint.Compare;
import dev.jconda.model.VersionConstraint.Operator;

import java.util.ArrayList;
import java.util.List;

/**
 * Conda's version-spec syntax: {@code 1.2.3} (exact), {@code ==1.2.3}, {@code =1.2} and {@code 1.2.*} (prefix),
 * {@code >=1.2,<2} (all of), {@code 1.2|1.4} (any of), {@code !=1.3}, {@code ~=1.2.3} (compatible release), and
 * Maven ranges {@code [1.0,2.0)}, {@code (,2.0]}, {@code [1.0,)}, {@code [1.5]}, unions {@code [1,2),[3,4)}.
 */
public final class VersionConstraintParser {

    /** Thrown with a reason and the 0-based offset inside the parsed text; the caller adds file and column. */
    public static final class Invalid extends Exception {
        private final int offset;

        Invalid(String message, int offset) {
            super(message, null, false, false);
            this.offset = offset;
        }

        public int offset() {
            return offset;
        }
    }

    public VersionConstraint parse(String text) throws Invalid {
        String s = text.strip();
        if (s.isEmpty() || s.equals("*")) {
            return VersionConstraint.any();
        }
        if (s.charAt(0) == '[' || s.charAt(0) == '(') {
            return parseMavenRanges(s);
        }
        List<VersionConstraint> alternatives = new ArrayList<>();
        int start = 0;
        for (String alternative : s.split("\\|", -1)) {
            alternatives.add(parseConjunction(alternative, start));
            start += alternative.length() + 1;
        }
        return alternatives.size() == 1 ? alternatives.getFirst() : new VersionConstraint.AnyOf(alternatives);
    }

    private VersionConstraint parseConjunction(String text, int offset) throws Invalid {
        List<VersionConstraint> parts = new ArrayList<>();
        int start = offset;
        for (String part : text.split(",", -1)) {
            parts.add(parseAtom(part, start));
            start += part.length() + 1;
        }
        return parts.size() == 1 ? parts.getFirst() : new VersionConstraint.All(parts);
    }

    private VersionConstraint parseAtom(String raw, int offset) throws Invalid {
        String atom = raw.strip();
        int at = offset + raw.indexOf(atom.isEmpty() ? " " : atom.substring(0, 1));
        if (atom.isEmpty()) {
            throw new Invalid("empty version constraint", Math.max(offset, 0));
        }
        String[] ops = {"==", "!=", ">=", "<=", "~=", ">", "<", "="};
        for (String op : ops) {
            if (atom.startsWith(op)) {
                String afterOp = atom.substring(op.length());
                String rest = afterOp.strip();
                int restAt = at + op.length() + (afterOp.length() - afterOp.stripLeading().length());
                if (rest.isEmpty()) {
                    throw new Invalid("operator '" + op + "' needs a version", at);
                }
                if (startsWithOperatorChar(rest)) {
                    throw new Invalid("unknown operator '" + op + rest.charAt(0) + "'", at);
                }
                return switch (op) {
                    case "==" -> rest.endsWith("*") ? prefix(rest, restAt)
                            : new VersionConstraint.Exact(version(rest, restAt));
                    case "!=" -> new Compare(Operator.NE, version(rest, restAt));
                    case ">=" -> new Compare(Operator.GE, version(rest, restAt));
                    case "<=" -> new Compare(Operator.LE, version(rest, restAt));
                    case ">" -> new Compare(Operator.GT, version(rest, restAt));
                    case "<" -> new Compare(Operator.LT, version(rest, restAt));
                    case "~=" -> compatibleRelease(rest, restAt);
                    default -> prefix(rest, restAt); // conda: name=1.2 means 1.2.*
                };
            }
        }
        if (startsWithOperatorChar(atom)) {
            throw new Invalid("unknown operator at '" + atom + "'", at);
        }
        return atom.endsWith("*") ? prefix(atom, at) : new VersionConstraint.Exact(version(atom, at));
    }


    private static boolean startsWithOperatorChar(String s) {
        char c = s.charAt(0);
        return c == '=' || c == '<' || c == '>' || c == '!' || c == '~';
    }

    private VersionConstraint prefix(String text, int at) throws Invalid {
        String p = text;
        if (p.endsWith(".*")) {
            p = p.substring(0, p.length() - 2);
        } else if (p.endsWith("*")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return VersionConstraint.any();
        }
        if (p.contains("*")) {
            throw new Invalid("'*' is only allowed at the end of a version", at + p.indexOf('*'));
        }
        return new VersionConstraint.Prefix(version(p, at));
    }

    /** PEP 440's {@code ~=1.4.2}: {@code >=1.4.2,1.4.*}. */
    private VersionConstraint compatibleRelease(String text, int at) throws Invalid {
        Version v = version(text, at);
        int lastDot = text.lastIndexOf('.');
        if (lastDot < 0) {
            throw new Invalid("'~=' needs at least two version parts, as in ~=1.4", at);
        }
        return new VersionConstraint.All(List.of(new Compare(Operator.GE, v),
                new VersionConstraint.Prefix(version(text.substring(0, lastDot), at))));
    }

    private static Version version(String text, int at) throws Invalid {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*') {
                throw new Invalid("'*' is only allowed at the end of a version", at + i);
            }
            if (!(Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == '+')) {
                throw new Invalid("unexpected character '" + c + "' in version '" + text + "'", at + i);
            }
        }
        try {
            return Version.of(text);
        } catch (IllegalArgumentException e) {
            throw new Invalid("invalid version '" + text + "'", at);
        }
    }

    private VersionConstraint parseMavenRanges(String s) throws Invalid {
        List<VersionConstraint> ranges = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char open = s.charAt(i);
            if (open != '[' && open != '(') {
                throw new Invalid("expected '[' or '(' to start a Maven range", i);
            }
            int close = indexOfAny(s, i + 1, ']', ')');
            if (close < 0) {
                throw new Invalid("unclosed Maven range", i);
            }
            String body = s.substring(i + 1, close);
            boolean upperInclusive = s.charAt(close) == ']';
            String notation = s.substring(i, close + 1);
            int comma = body.indexOf(',');
            if (comma < 0) {
                if (open != '[' || !upperInclusive || body.isBlank()) {
                    throw new Invalid("a single-version Maven range is written [1.0]", i);
                }
                ranges.add(new VersionConstraint.MavenRange(notation, version(body.strip(), i + 1), true,
                        version(body.strip(), i + 1), true));
            } else {
                String lo = body.substring(0, comma).strip();
                String hi = body.substring(comma + 1).strip();
                if (hi.contains(",")) {
                    throw new Invalid("a Maven range has one comma", i);
                }
                Version lower = lo.isEmpty() ? null : version(lo, i + 1);
                Version upper = hi.isEmpty() ? null : version(hi, i + 2 + comma);
                if (lower != null && upper != null && lower.compareTo(upper) > 0) {
                    throw new Invalid("range " + notation + " is empty: " + lo + " > " + hi, i);
                }
                ranges.add(new VersionConstraint.MavenRange(notation, lower, open == '[', upper, upperInclusive));
            }
            i = close + 1;
            if (i < s.length()) {
                if (s.charAt(i) != ',') {
                    throw new Invalid("expected ',' between Maven ranges", i);
                }
                i++;
            }
        }
        return ranges.size() == 1 ? ranges.getFirst() : new VersionConstraint.AnyOf(ranges);
    }

    private static int indexOfAny(String s, int from, char a, char b) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) {
                return i;
            }
        }
        return -1;
    }
}
