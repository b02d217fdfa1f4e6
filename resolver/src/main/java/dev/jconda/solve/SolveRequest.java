package dev.jconda.solve;

import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Requirement;

import java.util.List;
import java.util.Map;

/**
 * @param roots     what the environment file asks for, in file order
 * @param installed an existing environment's packages: kept unless a root forces a change (install/update)
 * @param pinned    conda's pins ({@code strict} pins, {@code --update} locks): hard, as roots
 */
public record SolveRequest(List<Requirement> roots, Map<PackageName, Package> installed, List<Requirement> pinned) {
    public SolveRequest {
        roots = List.copyOf(roots);
        installed = Map.copyOf(installed);
        pinned = List.copyOf(pinned);
    }

    public static SolveRequest of(List<Requirement> roots) {
        return new SolveRequest(roots, Map.of(), List.of());
    }
}
