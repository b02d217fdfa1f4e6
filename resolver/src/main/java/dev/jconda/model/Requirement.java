package dev.jconda.model;

import java.util.Objects;
import java.util.Set;

/**
 * "{@code requiredBy} needs {@code name} in {@code constraint}".
 *
 * @param preferred  a Maven "soft" version ({@code <version>1.2.3</version>}): a minimum the solver should pick
 *                   when nothing forces a higher one, as Gradle and Coursier do; null otherwise
 * @param exclusions Maven exclusions on this edge, as {@code group:artifact} patterns with {@code *} wildcards;
 *                   they keep their Maven meaning for the subtree reached through this edge
 * @param requiredBy who asks, for explanations: {@code environment.yml}, {@code guava 33.3.1-jre}
 */
public record Requirement(PackageName name, VersionConstraint constraint, Version preferred,
                          Set<String> exclusions, String requiredBy) {
    public Requirement {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(constraint, "constraint");
        exclusions = exclusions == null ? Set.of() : Set.copyOf(exclusions);
        Objects.requireNonNull(requiredBy, "requiredBy");
    }

    public static Requirement of(PackageName name, VersionConstraint constraint, String requiredBy) {
        return new Requirement(name, constraint, null, Set.of(), requiredBy);
    }
}
