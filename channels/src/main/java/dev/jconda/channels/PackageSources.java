package dev.jconda.channels;

import dev.jconda.channels.maven.MavenChannel;
import dev.jconda.model.ChannelPackage;
import dev.jconda.model.Dependencies;
import dev.jconda.model.MavenPackage;
import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Requirement;
import dev.jconda.model.Version;
import dev.jconda.model.VirtualPackage;
import dev.jconda.solve.DependencyProvider;
import dev.jconda.solve.ProviderException;
import dev.jconda.spec.MatchSpec;
import dev.jconda.spec.InputError;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the solver may choose from, behind the one provider interface: Maven repositories for
 * {@code group:artifact} names, channel indexes (in priority order) for conda names, and this machine's (or a
 * target platform's) virtual packages for {@code __} names.
 */
public final class PackageSources implements DependencyProvider {
    private final MavenChannel maven;
    private final List<PackageIndex> indexes;
    private final java.util.function.Supplier<List<VirtualPackage>> virtualPackages;
    private final List<ChannelPackage> systemPackages;

    public PackageSources(MavenChannel maven, List<PackageIndex> indexes, List<VirtualPackage> virtualPackages) {
        this(maven, indexes, () -> virtualPackages, List.of());
    }

    /**
     * @param systemPackages packages this machine already has, offered after every channel: the JDKs found here,
     *                       as candidates for {@code java} (the way conda treats {@code python}, but without
     *                       downloading one when a fitting JDK is installed)
     */
    /**
     * @param virtualPackages asked for only when a {@code __} package comes up: detecting the machine (OSHI, driver
     *                        files) costs a Maven-only solve time it does not need
     */
    public PackageSources(MavenChannel maven, List<PackageIndex> indexes,
                          java.util.function.Supplier<List<VirtualPackage>> virtualPackages,
                          List<ChannelPackage> systemPackages) {
        this.maven = maven;
        this.indexes = List.copyOf(indexes);
        this.virtualPackages = memoize(virtualPackages);
        this.systemPackages = List.copyOf(systemPackages);
    }

    private static <T> java.util.function.Supplier<T> memoize(java.util.function.Supplier<T> supplier) {
        return new java.util.function.Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    /** A channel index: conda-style packages, each with its artifacts per platform. */
    public interface PackageIndex {
        String name();

        /** Packages named {@code name} available for the platform being solved, best first. */
        List<ChannelPackage> packages(PackageName name);
    }

    @Override
    public List<Package> candidates(PackageName name) {
        if (name.isVirtual()) {
            return virtualPackages.get().stream().filter(v -> v.name().equals(name)).map(v -> (Package) v).toList();
        }
        if (name.isMaven()) {
            return maven.versions(name);
        }
        // conda's strict channel priority: the first channel that has the name is the only one asked
        for (PackageIndex index : indexes) {
            List<ChannelPackage> found = index.packages(name);
            if (!found.isEmpty()) {
                return List.copyOf(found);
            }
        }
        return systemPackages.stream().filter(p -> p.name().equals(name)).map(p -> (Package) p).toList();
    }

    @Override
    public Optional<Package> candidate(PackageName name, Version version) {
        if (name.isMaven()) {
            return maven.version(name, version);
        }
        return candidates(name).stream().filter(p -> p.version().compareTo(version) == 0).findFirst();
    }

    @Override
    public Dependencies dependencies(Package pkg, Set<String> inheritedExclusions) {
        return switch (pkg) {
            case MavenPackage m -> maven.dependencies(m, inheritedExclusions);
            case VirtualPackage v -> Dependencies.none();
            case ChannelPackage c -> new Dependencies(requirements(c, c.depends()), requirements(c, c.constrains()));
        };
    }

    private static List<Requirement> requirements(ChannelPackage pkg, List<String> specs) {
        List<Requirement> out = new ArrayList<>();
        for (String text : specs) {
            MatchSpec spec;
            try {
                spec = MatchSpec.parse(text);
            } catch (InputError e) {
                throw new ProviderException("channel " + pkg.channel() + ": " + pkg.display() + " has a bad "
                        + "dependency: " + e.getMessage());
            }
            out.add(Requirement.of(spec.name(), spec.constraint(), pkg.display()));
        }
        return out;
    }

    public MavenChannel maven() {
        return maven;
    }
}
