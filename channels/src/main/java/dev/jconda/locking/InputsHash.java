package dev.jconda.locking;

import dev.jconda.cache.Sha256;
import dev.jconda.spec.ChannelPriority;
import dev.jconda.spec.EnvironmentFile;
import dev.jconda.spec.MatchSpec;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The hash a lockfile records of what it was made from: the specs, channels, platforms, solver options, the declared
 * {@code system-requirements:}, and the {@code variables:} and {@code serve:} the lock carries for {@code jconda run}.
 * Not the file's bytes, so comments and formatting do not make a lock stale. Sections added since the first format
 * count only when present, so locks of files without them keep their hash.
 */
public final class InputsHash {
    private InputsHash() {
    }

    public static String of(EnvironmentFile env, List<String> channelNames, List<String> platforms, boolean strict) {
        return of(env, channelNames, platforms, strict, ChannelPriority.STRICT);
    }

    /** The priority mode counts only when it is not the default, so locks made before it existed stay fresh. */
    public static String of(EnvironmentFile env, List<String> channelNames, List<String> platforms, boolean strict,
                            ChannelPriority priority) {
        StringBuilder s = new StringBuilder("jconda-inputs 1\n");
        s.append("channels\n");
        channelNames.forEach(c -> s.append("  ").append(c).append('\n'));
        s.append("specs\n");
        for (MatchSpec spec : env.allSpecs()) {
            s.append("  ").append(spec.text()).append('\n');
        }
        s.append("platforms\n");
        platforms.stream().sorted().forEach(p -> s.append("  ").append(p).append('\n'));
        s.append("strict-maven ").append(strict).append('\n');
        if (priority != ChannelPriority.STRICT) {
            s.append("channel-priority ").append(priority.id()).append('\n');
        }
        section(s, "variables", env.variables());
        section(s, "serve", env.serve());
        section(s, "system-requirements", env.systemRequirements().all());
        env.systemRequirements().perPlatform().forEach((p, r) -> section(s, "system-requirements " + p, r));
        return "sha256:" + Sha256.of(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void section(StringBuilder s, String title, java.util.Map<String, String> entries) {
        if (!entries.isEmpty()) {
            s.append(title).append('\n');
            entries.forEach((k, v) -> s.append("  ").append(k).append('=').append(v).append('\n'));
        }
    }
}
