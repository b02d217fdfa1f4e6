package dev.jconda.model;

import java.util.Objects;

/**
 * The name the solver knows a package by. Channel and virtual packages have conda names ({@code pytorch},
 * {@code __cuda}); Maven artifacts are named {@code group:artifact} or {@code group:artifact:classifier}, since two
 * classifiers of one artifact are two files the environment can hold side by side.
 */
public record PackageName(String value) implements Comparable<PackageName> {
    public PackageName {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("empty package name");
        }
    }

    public static PackageName of(String value) {
        return new PackageName(value);
    }

    public static PackageName maven(String groupId, String artifactId, String classifier) {
        return new PackageName(classifier == null || classifier.isEmpty()
                ? groupId + ":" + artifactId
                : groupId + ":" + artifactId + ":" + classifier);
    }

    public boolean isMaven() {
        return value.indexOf(':') > 0;
    }

    public boolean isVirtual() {
        return value.startsWith("__");
    }

    /*
     * equals and hashCode written out: a record's own are linked through an invokedynamic bootstrap on their first
     * call, which in a new JVM was 5% of `env create`'s start-up before its first download (JFR, bench/README.md,
     * ninth round), and every command compares package names early.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof PackageName other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public int compareTo(PackageName o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
