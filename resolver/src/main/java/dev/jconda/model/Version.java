package dev.jconda.model;

import org.eclipse.aether.util.version.GenericVersionScheme;
import org.eclipse.aether.version.InvalidVersionSpecificationException;

import java.util.Objects;

/**
 * A package version. Every kind of package jconda knows (Maven artifacts, channel packages, virtual packages) is
 * ordered by Maven's generic version order: it agrees with conda's order for the dotted numeric versions channels
 * use ("2.5.1" &lt; "2.10"), and it is the only order that is right for Maven qualifiers ("33.3.1-jre", "1.0-SNAPSHOT").
 */
public final class Version implements Comparable<Version> {
    private static final GenericVersionScheme SCHEME = new GenericVersionScheme();

    private final String text;
    private final org.eclipse.aether.version.Version parsed;

    private Version(String text, org.eclipse.aether.version.Version parsed) {
        this.text = text;
        this.parsed = parsed;
    }

    public static Version of(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("empty version");
        }
        try {
            return new Version(text, SCHEME.parseVersion(text));
        } catch (InvalidVersionSpecificationException e) {
            throw new IllegalArgumentException("invalid version '" + text + "'", e);
        }
    }

    public String text() {
        return text;
    }

    /** Dot/dash separated leading segments, used for conda's prefix match ({@code 1.2.*}). */
    public boolean hasPrefix(Version prefix) {
        String p = prefix.text;
        if (text.equals(p)) {
            return true;
        }
        if (!text.startsWith(p)) {
            return false;
        }
        char next = text.charAt(p.length());
        return next == '.' || next == '-' || next == '_' || next == '+';
    }

    @Override
    public int compareTo(Version o) {
        return parsed.compareTo(o.parsed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && text.equals(v.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
