package dev.jconda.channels.index;

import dev.jconda.model.ChannelArtifact;
import dev.jconda.model.ChannelPackage;
import dev.jconda.platform.Platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One package as an index file writes it, for every platform at once.
 *
 * @param pkg             the package, its artifacts keyed by subdir as written ({@code linux-64}, ..., {@code noarch});
 *                        empty for a metapackage
 * @param subdirs         where the package exists: the keys of its artifacts, or a metapackage's {@code subdirs:}
 * @param platformDepends extra dependencies that hold on one subdir only ({@code __glibc >=2.29} for linux builds)
 */
public record IndexEntry(ChannelPackage pkg, Set<String> subdirs, Map<String, List<String>> platformDepends) {
    /** The subdir of packages that are the same on every platform. */
    public static final String NOARCH = "noarch";

    public IndexEntry {
        Objects.requireNonNull(pkg, "pkg");
        subdirs = Set.copyOf(subdirs);
        platformDepends = Map.copyOf(platformDepends);
    }

    /** A metapackage installs nothing itself; it only brings its dependencies. */
    public boolean isMetapackage() {
        return pkg.artifacts().isEmpty();
    }

    public boolean availableFor(Platform platform) {
        return subdirs.contains(platform.subdir()) || subdirs.contains(NOARCH);
    }

    /**
     * The package as the solver sees it on {@code platform}: its one artifact keyed by the platform's subdir (a
     * {@code noarch} artifact moves there; a platform's own artifact wins over {@code noarch}), and its dependencies
     * with that platform's extra ones appended. Empty where the package is not built for the platform.
     */
    public Optional<ChannelPackage> forPlatform(Platform platform) {
        if (!availableFor(platform)) {
            return Optional.empty();
        }
        String subdir = subdirs.contains(platform.subdir()) ? platform.subdir() : NOARCH;
        ChannelArtifact artifact = pkg.artifacts().get(subdir);
        List<String> depends = new ArrayList<>(pkg.depends());
        depends.addAll(platformDepends.getOrDefault(subdir, List.of()));
        return Optional.of(new ChannelPackage(pkg.name(), pkg.version(), pkg.build(), pkg.buildNumber(),
                pkg.channel(), depends, pkg.constrains(),
                artifact == null ? Map.of() : Map.of(platform.subdir(), artifact)));
    }
}
