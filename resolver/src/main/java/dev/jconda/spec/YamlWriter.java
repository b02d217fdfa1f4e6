package dev.jconda.spec;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one way jconda writes YAML (lockfiles, {@code env export}): block style, keys in the order written, a string
 * plain when YAML reads it back as the same string and double-quoted otherwise, no timestamps. So the bytes depend
 * on the content alone, and every file jconda writes quotes alike. The caller gives each line's indentation.
 */
public final class YamlWriter {
    private final StringBuilder out = new StringBuilder();

    public YamlWriter comment(String text) {
        out.append("# ").append(text).append('\n');
        return this;
    }

    /** {@code key: value}, the value quoted as needed. */
    public YamlWriter scalar(int indent, String key, String value) {
        return line(indent, key + ": " + quote(value));
    }

    /** {@code key: "value"}, always quoted (digests, which should all look alike). */
    public YamlWriter quoted(int indent, String key, String value) {
        return line(indent, key + ": " + doubleQuoted(value));
    }

    /** {@code key: 42} */
    public YamlWriter number(int indent, String key, long value) {
        return line(indent, key + ": " + value);
    }

    /** {@code key: true} */
    public YamlWriter bool(int indent, String key, boolean value) {
        return line(indent, key + ": " + value);
    }

    /** {@code key:}, a mapping or list follows, indented further. */
    public YamlWriter key(int indent, String key) {
        return line(indent, quote(key) + ":");
    }

    /** {@code - key: value}: a list item that starts a mapping. */
    public YamlWriter itemScalar(int indent, String key, String value) {
        return line(indent, "- " + key + ": " + quote(value));
    }

    /** {@code - key:}: a list item holding a mapping whose one key starts a nested block. */
    public YamlWriter itemKey(int indent, String key) {
        return line(indent, "- " + quote(key) + ":");
    }

    /** {@code - value} */
    public YamlWriter item(int indent, String value) {
        return line(indent, "- " + quote(value));
    }

    /** {@code - "value"}, always quoted: specs, so {@code >=} and {@code *} never need a second look. */
    public YamlWriter quotedItem(int indent, String value) {
        return line(indent, "- " + doubleQuoted(value));
    }

    /** {@code key: []}, or {@code key:} and one {@code - value} a line. */
    public YamlWriter list(int indent, String key, List<String> values) {
        if (values.isEmpty()) {
            return line(indent, key + ": []");
        }
        key(indent, key);
        values.forEach(v -> item(indent + 2, v));
        return this;
    }

    /** {@code key:} and one {@code name: value} a line; nothing when empty. */
    public YamlWriter map(int indent, String key, Map<String, String> values) {
        return map(indent, key, values, false);
    }

    /** {@code key:} and one {@code name: "value"} a line, values always quoted; nothing when empty. */
    public YamlWriter quotedMap(int indent, String key, Map<String, String> values) {
        return map(indent, key, values, true);
    }

    private YamlWriter map(int indent, String key, Map<String, String> values, boolean alwaysQuoted) {
        if (values.isEmpty()) {
            return this;
        }
        key(indent, key);
        values.forEach((k, v) -> {
            if (alwaysQuoted) {
                quoted(indent + 2, quote(k), v);
            } else {
                scalar(indent + 2, quote(k), v);
            }
        });
        return this;
    }

    private YamlWriter line(int indent, String text) {
        out.append(" ".repeat(indent)).append(text).append('\n');
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** Plain when YAML reads it back as the same string, double-quoted otherwise. */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        boolean plain = !s.isEmpty()
                && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "._-/:+@".indexOf(c) >= 0)
                && Character.isLetter(s.charAt(0))
                && !s.contains(": ")
                && !List.of("true", "false", "yes", "no", "on", "off", "null", "y", "n")
                        .contains(s.toLowerCase(Locale.ROOT));
        return plain ? s : doubleQuoted(s);
    }

    private static String doubleQuoted(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\x%02x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
