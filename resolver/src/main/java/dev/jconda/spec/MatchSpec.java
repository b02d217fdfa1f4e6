package dev.jconda.spec;

import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.VersionConstraint;

import java.util.Objects;

/**
 * A request for a package, in conda's MatchSpec syntax extended with Maven coordinates.
 *
 * @param channel the channel it must come from ({@code pytorch::pytorch}), or null for any
 * @param name    the package: a conda name, or {@code group:artifact[:classifier]}
 * @param version the allowed versions
 * @param build   a glob on the build string ({@code cpu*}), or null for any build
 * @param text    the spec as the user wrote it, for messages
 */
public record MatchSpec(String channel, PackageName name, VersionConstraint version, String build, String text) {
    public MatchSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(text, "text");
    }

    public static MatchSpec parse(String text) {
        return new MatchSpecParser().parse(text);
    }

    public boolean isMaven() {
        return name.isMaven();
    }

    /** The version constraint, with the build glob folded in when there is one: what the solver matches. */
    public VersionConstraint constraint() {
        return build == null ? version : new VersionConstraint.WithBuild(version, build);
    }

    /** Whether {@code pkg} satisfies name, version and build (the channel is the caller's to check). */
    public boolean matches(Package pkg) {
        if (!pkg.name().equals(name) || !version.matches(pkg.version())) {
            return false;
        }
        if (build == null) {
            return true;
        }
        String actual = switch (pkg) {
            case dev.jconda.model.ChannelPackage c -> c.build();
            case dev.jconda.model.VirtualPackage v -> v.build();
            case dev.jconda.model.MavenPackage m -> "";
        };
        return globMatches(build, actual);
    }

    static boolean globMatches(String glob, String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') {
                regex.append(".*");
            } else {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return value.matches(regex.toString());
    }

    @Override
    public String toString() {
        return text;
    }
}
