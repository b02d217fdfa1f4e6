package dev.jconda.solve;

import dev.jconda.model.Requirement;

/** Why an incompatibility holds: the derivation tree that explanations are written from. */
sealed interface IncompatibilityCause {

    /** "The environment must be solved": the fact every search starts from. */
    record Root() implements IncompatibilityCause {
    }

    /**
     * A fact read from the provider: candidate {@code candidate} of {@code depender} requires (or, for
     * {@code constrains}, limits) {@code dependee}. The root package's "candidate" is the request itself, whose
     * requirements are its roots (required) and pins (limits).
     *
     * @param order the requirement's position in the depender's list, so explanations keep the file's order
     */
    record Dependency(int depender, int candidate, Requirement requirement, int dependee, boolean constrains,
                      int order) implements IncompatibilityCause {
    }

    /** PubGrub's resolution of {@code conflict} with {@code other} on the package {@code pivot}. */
    record Derived(Incompatibility conflict, Incompatibility other, int pivot) implements IncompatibilityCause {
    }
}
