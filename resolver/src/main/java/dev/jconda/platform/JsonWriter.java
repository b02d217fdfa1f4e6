package dev.jconda.platform;

/**
 * A small pretty-printing JSON writer: objects and arrays are opened and closed by the caller, members come out in
 * the order they are written. {@link PlatformReport} and the CLI's {@code --json} output use it; not worth a JSON
 * library.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    private int depth;
    /** Whether the container being written already has a member, so the next one needs a comma. */
    private boolean hasMember;
    /** Whether a member name was just written, so the value goes on its line. */
    private boolean afterName;

    public JsonWriter beginObject() {
        return open('{');
    }

    public JsonWriter endObject() {
        return close('}');
    }

    public JsonWriter beginArray() {
        return open('[');
    }

    public JsonWriter endArray() {
        return close(']');
    }

    /** The next object member's name; its value follows. */
    public JsonWriter name(String name) {
        separate();
        string(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    public JsonWriter value(String value) {
        startValue();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    public JsonWriter value(boolean value) {
        startValue();
        out.append(value);
        return this;
    }

    public JsonWriter value(long value) {
        startValue();
        out.append(value);
        return this;
    }


    @Override
    public String toString() {
        return out.toString();
    }

    private JsonWriter open(char bracket) {
        startValue();
        out.append(bracket);
        depth++;
        hasMember = false;
        return this;
    }

    private JsonWriter close(char bracket) {
        depth--;
        if (hasMember) {
            newline();
        }
        out.append(bracket);
        hasMember = true;
        return this;
    }

    /** A value directly in an array gets its own line; a value after {@link #name} goes on the name's line. */
    private void startValue() {
        if (!afterName) {
            separate();
        }
        afterName = false;
        hasMember = true;
    }

    private void separate() {
        if (depth == 0) {
            return;
        }
        if (hasMember) {
            out.append(',');
        }
        newline();
    }

    private void newline() {
        out.append('\n');
        out.append("  ".repeat(depth));
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // control characters are not allowed raw; U+2028/9 break JavaScript that embeds the output
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
