package dev.jconda.channels.index;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed {@code index.yml}: every package of one channel, for every platform.
 *
 * @param channel         the channel's name, as dependencies and lockfiles refer to it ({@code pytorch})
 * @param source          where the index was read from, for messages: a path, a URL or {@code builtin:pytorch}
 * @param mavenRepository the repository {@code maven:} artifacts come from; empty for Maven Central (or the mirror
 *                        the environment configures for it)
 * @param entries         the packages in file order
 */
public record ChannelIndex(String channel, String source, Optional<URI> mavenRepository, List<IndexEntry> entries) {
    public ChannelIndex {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mavenRepository, "mavenRepository");
        entries = List.copyOf(entries);
    }
}
