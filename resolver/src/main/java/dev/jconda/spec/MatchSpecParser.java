package dev.jconda.spec;

import dev.jconda.model.PackageName;
import dev.jconda.model.VersionConstraint;

/**
 * Parses conda's MatchSpec forms ({@code name}, {@code name=1.2}, {@code name==1.2.3}, {@code name>=1.2,<2},
 * {@code name 1.2.* build*}, {@code name=1.2=build}, {@code channel::name=1.2}) and Maven coordinates
 * ({@code group:artifact}, {@code group:artifact=1.2}, {@code group:artifact:1.2}, {@code group:artifact>=1.2},
 * {@code group:artifact:classifier=1.2}, {@code group:artifact=[1.0,2.0)}).
 *
 * <p>Errors are {@link InputError}s without a file; {@link #parse(String, String, int, int)} adds one.
 */
public final class MatchSpecParser {
    private final VersionConstraintParser versions = new VersionConstraintParser();

    public MatchSpec parse(String text) {
        return parse(text, null, 0, 0);
    }

    /** Parses {@code text}, found in {@code file} at {@code line}:{@code column} (1-based), for error messages. */
    public MatchSpec parse(String text, String file, int line, int column) {
        try {
            return parseOrThrow(text);
        } catch (Failure f) {
            int col = column > 0 ? column + f.offset : f.offset + 1;
            String reason = "invalid spec '" + text + "': " + f.getMessage();
            throw new InputError(file, line, col, reason);
        }
    }

    private static final class Failure extends Exception {
        final int offset;

        Failure(String message, int offset) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }

    private MatchSpec parseOrThrow(String text) throws Failure {
        if (text == null || text.isBlank()) {
            throw new Failure("empty spec", 0);
        }
        int lead = text.length() - text.stripLeading().length();
        String s = text.strip();
        String channel = null;
        int base = lead;
        int sep = s.indexOf("::");
        if (sep >= 0) {
            channel = s.substring(0, sep);
            if (channel.isBlank()) {
                throw new Failure("empty channel before '::'", base);
            }
            s = s.substring(sep + 2);
            base += sep + 2;
        }
        int nameEnd = 0;
        while (nameEnd < s.length() && isNameChar(s.charAt(nameEnd))) {
            nameEnd++;
        }
        String nameText = s.substring(0, nameEnd);
        if (nameText.isEmpty()) {
            throw new Failure("expected a package name", base);
        }
        String rest = s.substring(nameEnd);
        int restAt = base + nameEnd;
        if (rest.startsWith("[")) {
            throw new Failure("bracket options such as name[version=...] are not supported; write name>=1.2 instead",
                    restAt);
        }
        return nameText.indexOf(':') >= 0
                ? maven(text, channel, nameText, rest, base, restAt)
                : conda(text, channel, nameText, rest, base, restAt);
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == ':';
    }

    private MatchSpec conda(String text, String channel, String name, String rest, int nameAt, int restAt)
            throws Failure {
        validateCondaName(name, nameAt);
        VersionConstraint version = VersionConstraint.any();
        String build = null;
        if (rest.isBlank()) {
            return new MatchSpec(channel, PackageName.of(name), version, null, text.strip());
        }
        if (rest.charAt(0) == ' ' || rest.charAt(0) == '\t') {
            // "name 1.2.* build": space separated version and build
            String trimmed = rest.strip();
            int offset = restAt + rest.indexOf(trimmed);
            String[] parts = trimmed.split("\\s+");
            if (parts.length > 2) {
                throw new Failure("too many parts; expected 'name version [build]'", offset);
            }
            version = constraint(parts[0], offset);
            if (parts.length == 2) {
                build = parts[1];
            }
        } else if (rest.charAt(0) == '=' && !rest.startsWith("==")) {
            // "name=1.2" is 1.2.*; "name=1.2=build" is exactly 1.2 with that build
            String body = rest.substring(1);
            int eq = body.indexOf('=');
            if (eq >= 0) {
                build = body.substring(eq + 1);
                if (build.isEmpty()) {
                    throw new Failure("empty build string after '='", restAt + 1 + eq);
                }
                version = constraint(body.substring(0, eq), restAt + 1);
            } else {
                version = body.endsWith("*") || body.contains(",") || body.contains("|")
                        ? constraint(body, restAt + 1) : constraint("=" + body, restAt);
            }
        } else if ("<>!=~".indexOf(rest.charAt(0)) >= 0) {
            // "name>=1.2 build": an attached operator may still be followed by a build string
            String[] parts = rest.strip().split("\\s+");
            if (parts.length > 2) {
                throw new Failure("too many parts; expected 'name version [build]'", restAt);
            }
            version = constraint(parts[0], restAt);
            if (parts.length == 2) {
                build = parts[1];
            }
        } else {
            throw new Failure("unexpected '" + rest.charAt(0) + "' after package name", restAt);
        }
        return new MatchSpec(channel, PackageName.of(name), version, build, text.strip());
    }

    private static void validateCondaName(String name, int at) throws Failure {
        char first = name.charAt(0);
        if (!(Character.isLetterOrDigit(first) || first == '_')) {
            throw new Failure("package names start with a letter, digit or '_'", at);
        }
    }

    private MatchSpec maven(String text, String channel, String coords, String rest, int at, int restAt)
            throws Failure {
        String[] parts = coords.split(":", -1);
        for (int i = 0, offset = at; i < parts.length; offset += parts[i].length() + 1, i++) {
            if (parts[i].isEmpty()) {
                throw new Failure("empty part in Maven coordinate '" + coords + "'", offset);
            }
        }
        if (parts.length < 2 || parts.length > 3) {
            throw new Failure("a Maven coordinate is group:artifact, group:artifact:version or "
                    + "group:artifact:classifier=version", at);
        }
        String classifier = null;
        VersionConstraint version = VersionConstraint.any();
        boolean hasOperator = !rest.isBlank();
        if (parts.length == 3) {
            if (hasOperator) {
                classifier = parts[2];
            } else {
                // group:artifact:1.2 names an exact version, as Maven, Gradle and JBang read it
                int versionAt = at + parts[0].length() + parts[1].length() + 2;
                version = constraint("==" + parts[2], versionAt - 2);
            }
        }
        if (hasOperator) {
            char c = rest.charAt(0);
            if (c == '=' && !rest.startsWith("==")) {
                String body = rest.substring(1);
                version = body.startsWith("[") || body.startsWith("(") || body.endsWith("*")
                        || body.contains(",") || body.contains("|")
                        ? constraint(body, restAt + 1) : constraint("=" + body, restAt);
            } else if (c == ' ' || c == '\t') {
                String trimmed = rest.strip();
                version = constraint(trimmed, restAt + rest.indexOf(trimmed));
            } else if ("<>!=~".indexOf(c) >= 0) {
                version = constraint(rest, restAt);
            } else {
                throw new Failure("unexpected '" + c + "' after Maven coordinate", restAt);
            }
        }
        return new MatchSpec(channel, PackageName.maven(parts[0], parts[1], classifier), version, null,
                text.strip());
    }

    private VersionConstraint constraint(String text, int at) throws Failure {
        try {
            return versions.parse(text);
        } catch (VersionConstraintParser.Invalid e) {
            throw new Failure(e.getMessage(), at + e.offset());
        }
    }
}
