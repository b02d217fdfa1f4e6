package dev.jconda.spec;

import java.util.Locale;
import java.util.Optional;

/**
 * How channels listed earlier win over channels listed later, as conda's {@code channel_priority}.
 *
 * <p>{@link #STRICT} is the default because merging versions across channels is the dependency-confusion attack: a
 * name that exists in a trusted channel, published with a higher version in another channel the build also reads.
 */
public enum ChannelPriority {
    /** A name present in a channel is taken only from that channel; every lower channel's packages of that name are hidden. */
    STRICT,
    /** Every channel's packages are candidates, the higher channel's first: a lower channel is used only when the higher cannot satisfy. */
    FLEXIBLE,
    /** Versions of all channels merged, the highest version wins; a version in several channels comes from the highest. */
    DISABLED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ChannelPriority> parse(String text) {
        for (ChannelPriority p : values()) {
            if (p.id().equals(text)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
