package dev.jconda.channels;

import dev.jconda.model.Package;
import dev.jconda.spec.ChannelPriority;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tells what channel priority did, naming the channels: which lower channel had a newer version of a chosen package
 * (a dependency-confusion attempt looks exactly like that), and, when a strict solve fails, which packages only a
 * lower channel could have given.
 */
public final class PriorityReport {
    private final PackageSources sources;

    public PriorityReport(PackageSources sources) {
        this.sources = sources;
    }

    /**
     * A sentence when a lower channel has a newer version of the chosen package {@code p}:
     * "org.slf4j:slf4j-api 2.0.16 comes from maven-central (priority 1); internal (priority 2) also has 9.9.9, hidden
     * by strict priority". Reads every channel for the name (one version list per Maven repository).
     */
    public Optional<String> newerInLowerChannels(Package p) {
        ChannelPriority mode = sources.policy().priority();
        Optional<ChannelLabel> from = sources.policy().labelOf(p);
        if (mode == ChannelPriority.DISABLED || from.isEmpty() || !sources.hasChannelBelow(p)) {
            return Optional.empty(); // merged: the newest already won
        }
        List<String> lower = new ArrayList<>();
        for (PackageSources.ChannelCandidates c : sources.byChannel(p.name())) {
            Package best = c.candidates().getFirst();
            if (c.channel().priority() > from.get().priority() && best.version().compareTo(p.version()) > 0) {
                lower.add(c.channel() + " also has " + best.version());
            }
        }
        return lower.isEmpty() ? Optional.empty() : Optional.of(p.name() + " " + p.version() + " comes from "
                + from.get() + "; " + String.join("; ", lower) + ", hidden by " + mode.id() + " priority");
    }

    /**
     * For a package of a solution found under flexible priority after the strict solve failed: a sentence when
     * strict priority hides it, naming the channel it exists in and the higher channel that hides it.
     */
    public Optional<String> hiddenByStrictPriority(Package p) {
        Optional<ChannelLabel> from = sources.policy().labelOf(p);
        if (from.isEmpty() || sources.policy().pins().containsKey(p.name())) {
            return Optional.empty();
        }
        List<PackageSources.ChannelCandidates> having = sources.byChannel(p.name());
        if (having.isEmpty() || having.getFirst().channel().priority() >= from.get().priority()) {
            return Optional.empty();
        }
        return Optional.of(p.name() + " " + p.version() + " exists in " + from.get() + ", hidden because "
                + having.getFirst().channel() + " has " + p.name());
    }
}
