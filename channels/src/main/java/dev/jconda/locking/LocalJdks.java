package dev.jconda.locking;

import dev.jconda.model.ChannelArtifact;
import dev.jconda.model.ChannelPackage;
import dev.jconda.model.PackageName;
import dev.jconda.model.Version;
import dev.jconda.platform.JdkLocator;
import dev.jconda.platform.Platform;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The JDKs on this machine as candidates for the {@code java} package: {@code java=21} is satisfied by an installed
 * JDK 21, its build string is the vendor ({@code temurin}), and the lock records its home as a {@code file:} URL.
 */
public final class LocalJdks {
    /** The channel name that marks a package as "already on this machine". */
    public static final String CHANNEL = "system";
    /** The channel name of a JDK the target machine must bring (a lock for another platform). */
    public static final String TARGET_CHANNEL = "target-machine";

    /** Java feature releases, oldest first: the placeholders offered for another platform. */
    private static final List<String> FEATURE_RELEASES = java.util.stream.IntStream.rangeClosed(8, 30)
            .filter(v -> v == 8 || v == 11 || v >= 17).mapToObj(Integer::toString).toList();

    private LocalJdks() {
    }

    /**
     * For a platform other than this machine's, jconda cannot see the JDKs there: {@code java>=25} then locks as
     * "java 25 from the target machine", the oldest feature release the spec allows (a minimum, like a system
     * requirement in pixi), and installing that lock uses the JDK that runs jconda there.
     */
    static List<ChannelPackage> targetPlaceholders(Platform platform) {
        return FEATURE_RELEASES.stream()
                .map(v -> new ChannelPackage(PackageName.of("java"), Version.of(v), "target", 0, TARGET_CHANNEL,
                        List.of(), List.of(), Map.of()))
                .toList();
    }

    static List<ChannelPackage> asPackages(Map<String, String> env, Platform platform) {
        return new JdkLocator(env, Path.of(env.getOrDefault("HOME", System.getProperty("user.home")))).find().stream()
                .map(jdk -> new ChannelPackage(PackageName.of("java"), Version.of(jdk.version()), jdk.vendorId(), 0,
                        CHANNEL, List.of(), List.of(), Map.of(platform.subdir(),
                        new ChannelArtifact(null, jdk.home().toUri().toString(), null, 0, "jdk", null))))
                .toList();
    }
}
