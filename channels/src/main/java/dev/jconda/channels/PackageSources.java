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

import dev.jconda.spec.ChannelPriority;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the solver may choose from, behind the one provider interface: Maven repositories for
 * {@code group:artifact} names, channel indexes for conda names, and this machine's (or a target platform's) virtual
 * packages for {@code __} names.
 *
 * <p>Channel priority is applied here, the same way to Maven repositories and to channel indexes (the solver only
 * takes the first candidate it can use): strict offers a name only from the first channel that has it, flexible
 * offers every channel's candidates with the higher channel's first, disabled merges them newest first.
 */
public final class PackageSources implements DependencyProvider {
    private final MavenChannel maven;
    private final List<PackageIndex> indexes;
    private final java.util.function.Supplier<List<VirtualPackage>> virtualPackages;
    private final List<ChannelPackage> systemPackages;
    private final ChannelPolicy policy;

    public PackageSources(MavenChannel maven, List<PackageIndex> indexes, List<VirtualPackage> virtualPackages) {
        this(maven, indexes, () -> virtualPackages, List.of(), ChannelPolicy.strict());
    }

    /**
     * @param virtualPackages asked for only when a {@code __} package comes up: detecting the machine (OSHI, driver
     *                        files) costs a Maven-only solve time it does not need
     * @param systemPackages  packages this machine already has, offered after every channel: the JDKs found here,
     *                        as candidates for {@code java} (the way conda treats {@code python}, but without
     *                        downloading one when a fitting JDK is installed)
     * @param policy          channel priority, channel labels and {@code channel::name} pins
     */
    public PackageSources(MavenChannel maven, List<PackageIndex> indexes,
                          java.util.function.Supplier<List<VirtualPackage>> virtualPackages,
                          List<ChannelPackage> systemPackages, ChannelPolicy policy) {
        this.maven = maven;
        this.indexes = List.copyOf(indexes);
        this.virtualPackages = memoize(virtualPackages);
        this.systemPackages = List.copyOf(systemPackages);
        this.policy = policy;
    }

    /** The same sources under another priority mode (the caches are shared). */
    public PackageSources withPriority(ChannelPriority priority) {
        return new PackageSources(maven, indexes, virtualPackages, systemPackages, policy.withPriority(priority));
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

    /** One channel's candidates for a name, best first (empty when it does not have the name). */
    public record ChannelCandidates(ChannelLabel channel, List<Package> candidates) {
        public ChannelCandidates {
            candidates = List.copyOf(candidates);
        }
    }

    @Override
    public List<Package> candidates(PackageName name) {
        if (name.isVirtual()) {
            return virtualPackages.get().stream().filter(v -> v.name().equals(name)).map(v -> (Package) v).toList();
        }
        String pin = policy.pins().get(name);
        int channels = channelCount(name);
        if (pin != null) {
            for (int i = 0; i < channels; i++) {
                if (pinned(name, i, pin)) {
                    return channel(name, i);
                }
            }
            return List.of();
        }
        return switch (policy.priority()) {
            case STRICT -> {
                List<ProviderException> offline = new ArrayList<>();
                for (int i = 0; i < channels; i++) {
                    List<Package> found = channelOrOfflineMiss(name, i, offline);
                    if (!found.isEmpty()) {
                        yield found;
                    }
                }
                yield nothingFound(offline);
            }
            case FLEXIBLE -> distinct(allChannels(name, channels));
            case DISABLED -> {
                List<Package> merged = new ArrayList<>(distinct(allChannels(name, channels)));
                merged.sort(name.isMaven() ? MAVEN_ORDER : CHANNEL_ORDER); // stable: equal ones keep channel order
                yield List.copyOf(merged);
            }
        };
    }

    private static final Comparator<Package> MAVEN_ORDER = Comparator
            .comparing((Package p) -> MavenChannel.isPreRelease(p.version()))
            .thenComparing(Package::version, Comparator.reverseOrder());
    private static final Comparator<Package> CHANNEL_ORDER = Comparator
            .comparing(Package::version, Comparator.reverseOrder())
            .thenComparing(p -> p instanceof ChannelPackage c ? -c.buildNumber() : 0);

    /** Every channel's candidates for {@code name}, labelled, in priority order (reads every channel). */
    public List<ChannelCandidates> byChannel(PackageName name) {
        List<ChannelCandidates> out = new ArrayList<>();
        if (name.isVirtual()) {
            return out;
        }
        for (int i = 0; i < channelCount(name); i++) {
            // a report of what each channel offers: a repository not cached offline offers nothing known
            List<Package> found = channelOrOfflineMiss(name, i, new ArrayList<>());
            Optional<ChannelLabel> label = found.isEmpty() ? Optional.empty() : policy.labelOf(found.getFirst());
            label.ifPresent(l -> out.add(new ChannelCandidates(l, found)));
        }
        return out;
    }

    /** Whether some channel below the one {@code p} came from could offer its name (a cheap check, no reads). */
    public boolean hasChannelBelow(Package p) {
        return switch (p) {
            case MavenPackage m -> m.repositoryUrl() != null && maven.repositoryCount() > 1
                    && !m.repositoryUrl().equals(maven.repositoryUrl(maven.repositoryCount() - 1));
            case ChannelPackage c -> indexes.size() > 1 && !indexes.getLast().name().equals(c.channel());
            case VirtualPackage v -> false;
        };
    }

    public ChannelPolicy policy() {
        return policy;
    }

    /** Maven repositories for Maven names; channel indexes then this machine's packages for conda names. */
    private int channelCount(PackageName name) {
        return name.isMaven() ? maven.repositoryCount() : indexes.size() + 1;
    }

    private List<Package> channel(PackageName name, int i) {
        if (name.isMaven()) {
            return maven.versionsIn(name, i);
        }
        if (i < indexes.size()) {
            return List.copyOf(indexes.get(i).packages(name));
        }
        return systemPackages.stream().filter(p -> p.name().equals(name)).map(p -> (Package) p).toList();
    }

    private boolean pinned(PackageName name, int i, String pin) {
        if (name.isMaven()) {
            return ChannelPolicy.pinNames(pin, policy.repository(maven.repositoryUrl(i)).orElse(null),
                    maven.repositoryUrl(i));
        }
        return i < indexes.size() && ChannelPolicy.pinNames(pin, policy.indexes().get(indexes.get(i).name()),
                indexes.get(i).name());
    }

    private List<Package> allChannels(PackageName name, int channels) {
        List<Package> all = new ArrayList<>();
        List<ProviderException> offline = new ArrayList<>();
        for (int i = 0; i < channels; i++) {
            all.addAll(channelOrOfflineMiss(name, i, offline));
        }
        return all.isEmpty() ? nothingFound(offline) : all;
    }

    /**
     * One channel's candidates; with {@code --offline}, a Maven repository nothing was cached from counts as one
     * without the name (Maven Central listed last behind a channel index, asked online and without the name, has no
     * cached list), recorded in {@code offline}.
     */
    private List<Package> channelOrOfflineMiss(PackageName name, int i, List<ProviderException> offline) {
        try {
            return channel(name, i);
        } catch (MavenChannel.NotCachedOffline e) {
            offline.add(e);
            return List.of();
        }
    }

    /** No channel has the name: when some could not be asked offline, that is the answer the user needs. */
    private static List<Package> nothingFound(List<ProviderException> offline) {
        if (!offline.isEmpty()) {
            throw offline.getFirst();
        }
        return List.of();
    }

    /** The first of each version (and build): a lower channel's copy of a version is never a second candidate. */
    private static List<Package> distinct(List<Package> packages) {
        Set<String> seen = new HashSet<>();
        return packages.stream().filter(p -> seen.add(p.version().text() + " "
                + (p instanceof ChannelPackage c ? c.build() : ""))).toList();
    }

    @Override
    public Optional<Package> candidate(PackageName name, Version version) {
        if (!name.isMaven()) {
            return candidates(name).stream().filter(p -> p.version().compareTo(version) == 0).findFirst();
        }
        String pin = policy.pins().get(name);
        if (maven.repositoryCount() == 1 && pin == null) {
            return maven.version(name, version); // one POM read, no version list: the common case stays lazy
        }
        boolean listed = false;
        for (int i = 0; i < maven.repositoryCount(); i++) {
            if (pin != null && !pinned(name, i, pin)) {
                continue;
            }
            List<Package> found = channelOrOfflineMiss(name, i, new ArrayList<>());
            Optional<Package> exact = found.stream().filter(p -> p.version().compareTo(version) == 0).findFirst();
            if (exact.isPresent()) {
                return exact;
            }
            listed |= !found.isEmpty();
            if (!found.isEmpty() && policy.priority() == ChannelPriority.STRICT) {
                return Optional.empty(); // the name is here, so every lower repository's copy is hidden
            }
        }
        // some old artifacts are missing from maven-metadata.xml: read the POM wherever it is
        return listed || pin != null ? Optional.empty() : maven.version(name, version);
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
