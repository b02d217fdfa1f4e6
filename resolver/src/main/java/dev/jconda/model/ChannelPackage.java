package dev.jconda.model;

import java.util.List;
import java.util.Map;

/**
 * A package from a jconda channel index (native bundles, {@code java}): conda's name, version, build string and
 * build number, its dependencies, and one artifact per platform subdir it is built for.
 */
public record ChannelPackage(PackageName name, Version version, String build, int buildNumber, String channel,
                             List<String> depends, List<String> constrains,
                             Map<String, ChannelArtifact> artifacts) implements Package {
    public ChannelPackage {
        build = build == null ? "" : build;
        depends = List.copyOf(depends);
        constrains = List.copyOf(constrains);
        artifacts = Map.copyOf(artifacts);
    }

    @Override
    public String display() {
        return build.isEmpty() ? name + " " + version : name + " " + version + " " + build;
    }
}
