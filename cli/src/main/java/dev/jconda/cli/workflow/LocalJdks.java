package dev.jconda.cli.workflow;

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

    private LocalJdks() {
    }

    static List<ChannelPackage> asPackages(Map<String, String> env, Platform platform) {
        return new JdkLocator(env, Path.of(System.getProperty("user.home"))).find().stream()
                .map(jdk -> new ChannelPackage(PackageName.of("java"), Version.of(jdk.version()), jdk.vendorId(), 0,
                        CHANNEL, List.of(), List.of(), Map.of(platform.subdir(),
                        new ChannelArtifact(null, jdk.home().toUri().toString(), null, 0, "jdk", null))))
                .toList();
    }
}
