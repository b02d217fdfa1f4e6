package dev.jconda.server.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for files and replies (not the request path, see {@link TensorParser}): objects become
 * {@code Map<String, Object>}, arrays {@code List<Object>}, numbers {@code Double}, plus String, Boolean and null.
 */
public final class Json {
    private final String s;
    private int pos;

    private Json(String s) {
        this.s = s;
    }

    public static Object parse(String text) throws BodyError {
        Json p = new Json(text);
        p.ws();
        Object v = p.value(0);
        p.ws();
        if (p.pos != text.length()) {
            throw p.error("unexpected data after the JSON value");
        }
        return v;
    }

    private Object value(int depth) throws BodyError {
        if (depth > 512) {
            throw error("nested too deeply");
        }
        if (pos >= s.length()) {
            throw error("unexpected end of input");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{' -> {
                pos++;
                Map<String, Object> map = new LinkedHashMap<>();
                ws();
                if (peek() == '}') {
                    pos++;
                    return map;
                }
                while (true) {
                    ws();
                    if (peek() != '"') {
                        throw error("expected a string key");
                    }
                    String key = string();
                    ws();
                    expect(':');
                    ws();
                    map.put(key, value(depth + 1));
                    ws();
                    char d = peek();
                    pos++;
                    if (d == '}') {
                        return map;
                    }
                    if (d != ',') {
                        throw error("expected ',' or '}'");
                    }
                }
            }
            case '[' -> {
                pos++;
                List<Object> list = new ArrayList<>();
                ws();
                if (peek() == ']') {
                    pos++;
                    return list;
                }
                while (true) {
                    ws();
                    list.add(value(depth + 1));
                    ws();
                    char d = peek();
                    pos++;
                    if (d == ']') {
                        return list;
                    }
                    if (d != ',') {
                        throw error("expected ',' or ']'");
                    }
                }
            }
            case '"' -> {
                return string();
            }
            default -> {
                if (s.startsWith("true", pos)) {
                    pos += 4;
                    return Boolean.TRUE;
                }
                if (s.startsWith("false", pos)) {
                    pos += 5;
                    return Boolean.FALSE;
                }
                if (s.startsWith("null", pos)) {
                    pos += 4;
                    return null;
                }
                int start = pos;
                while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                    pos++;
                }
                try {
                    return Double.parseDouble(s.substring(start, pos));
                } catch (NumberFormatException e) {
                    pos = start;
                    throw error("unexpected character '" + c + "'");
                }
            }
        }
    }

    private String string() throws BodyError {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                char e = peek();
                pos++;
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("bad \\u escape");
                        }
                        try {
                            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
        throw error("unterminated string");
    }

    private void ws() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private char peek() throws BodyError {
        if (pos >= s.length()) {
            throw error("unexpected end of input");
        }
        return s.charAt(pos);
    }

    private void expect(char c) throws BodyError {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private BodyError error(String why) {
        return new BodyError("Malformed JSON: " + why + " at offset " + pos);
    }
}
