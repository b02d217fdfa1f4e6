package dev.jconda.channels;

import dev.jconda.model.ChannelPackage;
import dev.jconda.model.MavenPackage;
import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.spec.ChannelPriority;

import java.util.Map;
import java.util.Optional;

/**
 * Which channel a package may come from: the priority mode, each channel's label (Maven repositories by URL,
 * channel indexes by their {@code channel:} name), and the {@code channel::name} pins of the environment file.
 *
 * @param pins package name to the channel it must come from, as written before {@code ::}
 */
public record ChannelPolicy(ChannelPriority priority, Map<String, ChannelLabel> repositories,
                            Map<String, ChannelLabel> indexes, Map<PackageName, String> pins) {
    public ChannelPolicy {
        repositories = Map.copyOf(repositories);
        indexes = Map.copyOf(indexes);
        pins = Map.copyOf(pins);
    }

    /** Strict priority, no pins, channels known by their own names only. */
    public static ChannelPolicy strict() {
        return new ChannelPolicy(ChannelPriority.STRICT, Map.of(), Map.of(), Map.of());
    }

    public ChannelPolicy withPriority(ChannelPriority other) {
        return new ChannelPolicy(other, repositories, indexes, pins);
    }

    /** The channel a candidate came from; empty for virtual packages and JDKs found on this machine. */
    public Optional<ChannelLabel> labelOf(Package p) {
        return switch (p) {
            case MavenPackage m -> repository(m.repositoryUrl());
            case ChannelPackage c -> Optional.ofNullable(indexes.get(c.channel()));
            default -> Optional.empty();
        };
    }

    public Optional<ChannelLabel> repository(String url) {
        return url == null ? Optional.empty() : Optional.ofNullable(repositories.get(url));
    }

    /** Whether {@code pin} (the text before {@code ::}) names the channel labelled {@code label}, or called {@code own}. */
    static boolean pinNames(String pin, ChannelLabel label, String own) {
        String p = pin.endsWith("/") ? pin : pin + "/";
        return pin.equals(own) || label != null && (pin.equals(label.name()) || p.equals(label.name())
                || pin.equals("central") && label.name().equals("maven-central"));
    }
}
