package dev.jconda.solve;

import dev.jconda.model.Dependencies;
import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Version;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The solver's only view of the world (resolvo's and PubGrub's provider): channels, Maven repositories and this
 * machine's virtual packages all sit behind it. Implementations may do I/O; they report failures by throwing
 * {@link ProviderException}, which the solver passes through unchanged.
 */
public interface DependencyProvider {

    /**
     * Every candidate for {@code name}, best first: the order carries channel priority (strict: a package found in a
     * higher channel is never offered from a lower one), installed-version preference and newest-first. Empty when
     * no channel has the package. For Maven artifacts this lists the repository's versions, which costs a metadata
     * request, so the solver asks only when a soft version cannot be used.
     */
    List<Package> candidates(PackageName name);

    /** One exact version, without listing all of them (a Maven soft version); empty when it does not exist. */
    Optional<Package> candidate(PackageName name, Version version);

    /**
     * What {@code pkg} needs. {@code inheritedExclusions} are the Maven exclusions that apply to the subtree the
     * package was reached through; the provider drops requirements they match.
     */
    Dependencies dependencies(Package pkg, Set<String> inheritedExclusions);
}
