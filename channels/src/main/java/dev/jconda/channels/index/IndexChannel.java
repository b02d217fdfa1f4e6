package dev.jconda.channels.index;

import dev.jconda.channels.PackageSources;
import dev.jconda.model.ChannelPackage;
import dev.jconda.model.PackageName;
import dev.jconda.platform.Platform;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A jconda channel as the solver sees it for one target platform: the packages of an {@code index.yml} that have an
 * artifact for that platform (or for {@code noarch}), best first.
 *
 * <p>Best first means the higher version, then the higher build number. That order is how variants are chosen, as
 * conda does it: a CUDA build of a version has a higher build number than the cpu build and depends on
 * {@code __cuda >=X}, so the solver tries it first and falls back to the cpu build when {@code __cuda} is absent or
 * too old. Among equal versions and build numbers the index's own order stands.
 */
public final class IndexChannel implements PackageSources.PackageIndex {
    /** Best first: higher version, then higher build number (the sort is stable, so file order breaks ties). */
    public static final Comparator<ChannelPackage> BEST_FIRST =
            Comparator.comparing(ChannelPackage::version).thenComparingInt(ChannelPackage::buildNumber).reversed();

    private final ChannelIndex index;
    private final Platform platform;
    private final Map<PackageName, List<ChannelPackage>> packages;

    /** The channel of an index already read, for {@code platform}. */
    public IndexChannel(ChannelIndex index, Platform platform) {
        this.index = Objects.requireNonNull(index, "index");
        this.platform = Objects.requireNonNull(platform, "platform");
        Map<PackageName, List<ChannelPackage>> byName = new LinkedHashMap<>();
        for (IndexEntry entry : index.entries()) {
            entry.forPlatform(platform).ifPresent(p -> byName.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(p));
        }
        Map<PackageName, List<ChannelPackage>> sorted = new LinkedHashMap<>();
        byName.forEach((name, list) -> {
            list.sort(BEST_FIRST);
            sorted.put(name, List.copyOf(list));
        });
        this.packages = Collections.unmodifiableMap(sorted);
    }

    /**
     * Loads the channel at {@code location} (a folder, a {@code file://} URL or an {@code https://} URL) for
     * {@code platform}.
     *
     * @param cacheDirectory where downloaded indexes are kept
     * @param offline        use the cached copy of a remote index, or fail when there is none
     * @throws ChannelUnavailableError                when the index cannot be read or downloaded
     * @throws dev.jconda.spec.InputError when the index is malformed (file:line:column: reason)
     */
    public IndexChannel(String location, Platform platform, Path cacheDirectory, boolean offline) {
        this(location, platform, new IndexFetcher(cacheDirectory, offline));
    }

    /** As {@link #IndexChannel(String, Platform, Path, boolean)}, downloading through the process's client. */
    public IndexChannel(String location, Platform platform, Path cacheDirectory, boolean offline,
                        dev.jconda.cache.HttpTransport http) {
        this(location, platform, new IndexFetcher(cacheDirectory, offline, http));
    }

    /** As {@link #IndexChannel(String, Platform, Path, boolean)}, fetching through {@code fetcher}. */
    public IndexChannel(String location, Platform platform, IndexFetcher fetcher) {
        this(read(fetcher.fetch(location)), platform);
    }

    private static ChannelIndex read(IndexFetcher.FetchedIndex fetched) {
        return new ChannelIndexReader().read(fetched.text(), fetched.display(), fetched.base());
    }

    /** The channel's name from its index ({@code channel:}), as {@code pytorch::pytorch} refers to it. */
    @Override
    public String name() {
        return index.channel();
    }

    /**
     * The packages named {@code name} built for this platform, best first; each carries only this platform's
     * artifact, keyed by {@link Platform#subdir()} (none for a metapackage), and this platform's dependencies.
     */
    @Override
    public List<ChannelPackage> packages(PackageName name) {
        return packages.getOrDefault(name, List.of());
    }

    /** Every package name this channel has for the platform, in index order. */
    public Set<PackageName> packageNames() {
        return packages.keySet();
    }

    public Platform platform() {
        return platform;
    }

    /** The whole index, every platform included. */
    public ChannelIndex index() {
        return index;
    }

    /** Where this channel's {@code maven:} artifacts come from; empty for Maven Central. */
    public Optional<URI> mavenRepository() {
        return index.mavenRepository();
    }
}
