package dev.jconda.model;

import java.util.List;

/**
 * What a chosen package asks of the rest of the solution.
 *
 * @param requires   packages that must be present, in the given versions
 * @param constrains conda's {@code constrains}: versions a package must have <em>if</em> something else brings it
 */
public record Dependencies(List<Requirement> requires, List<Requirement> constrains) {
    public Dependencies {
        requires = List.copyOf(requires);
        constrains = List.copyOf(constrains);
    }

    public static Dependencies none() {
        return new Dependencies(List.of(), List.of());
    }
}
