package dev.jconda.locking;

import dev.jconda.channels.RemoteChecksums;
import dev.jconda.model.Dependencies;
import dev.jconda.model.MavenPackage;
import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Version;
import dev.jconda.solve.DependencyProvider;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The solver's provider, unchanged, except that reading a Maven candidate's POM also starts the lookup of its jar's
 * published checksum: the solver reads the POM of nearly every version it ends up choosing, so by the time the lock
 * asks for the checksums most have arrived, fetched while the solve waited on its chains of parent POMs.
 */
final class ChecksumPrefetch implements DependencyProvider {
    /** Where a Maven candidate's jar is looked up, the same URL and key as the lock itself uses. */
    interface JarLookup {
        /** The jar's URL and the key its checksum is remembered under; empty when the lock would not look it up. */
        Optional<RemoteLookup> of(MavenPackage m);
    }

    record RemoteLookup(String url, String rememberAs) {
    }

    private final DependencyProvider delegate;
    private final RemoteChecksums checksums;
    private final JarLookup jars;

    ChecksumPrefetch(DependencyProvider delegate, RemoteChecksums checksums, JarLookup jars) {
        this.delegate = delegate;
        this.checksums = checksums;
        this.jars = jars;
    }

    @Override
    public List<Package> candidates(PackageName name) {
        return delegate.candidates(name);
    }

    @Override
    public Optional<Package> candidate(PackageName name, Version version) {
        return delegate.candidate(name, version);
    }

    @Override
    public Dependencies dependencies(Package pkg, Set<String> inheritedExclusions) {
        Dependencies dependencies = delegate.dependencies(pkg, inheritedExclusions);
        if (pkg instanceof MavenPackage m) {
            jars.of(m).ifPresent(jar -> checksums.prefetch(jar.url(), jar.rememberAs()));
        }
        return dependencies;
    }
}
