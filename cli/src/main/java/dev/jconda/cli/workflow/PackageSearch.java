package dev.jconda.cli.workflow;

import dev.jconda.locking.ChannelResolver;

import dev.jconda.channels.index.BuiltinChannels;
import dev.jconda.channels.index.IndexChannel;
import dev.jconda.channels.maven.DescriptorCache;
import dev.jconda.channels.maven.MavenChannel;
import dev.jconda.channels.maven.MavenSessionFactory;
import dev.jconda.model.ChannelPackage;
import dev.jconda.model.MavenPackage;
import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.platform.Platform;
import dev.jconda.prefix.JcondaHome;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jconda search}: what the channels offer under a name, as {@code conda search}. A query with a colon is a
 * Maven {@code group:artifact}, answered with the repositories' version lists; any other is a channel package name
 * (globs allowed: {@code 'lib*'}), answered with each version and build and the platforms it is built for.
 */
public final class PackageSearch {
    private final JcondaHome home;
    private final Map<String, String> env;

    public PackageSearch(JcondaHome home, Map<String, String> env) {
        this.home = home;
        this.env = env;
    }

    /** One version (and build) of a package in one channel, with the platforms that have it. */
    public record Hit(String name, String version, String build, String channel, List<String> platforms) {
        public Hit {
            platforms = List.copyOf(platforms);
        }
    }

    /**
     * @param channels  the channels to search; empty for Maven Central and every built-in channel
     * @param platforms the platforms to look at; empty for all
     */
    public List<Hit> search(String query, List<String> channels, List<Platform> platforms, boolean offline) {
        List<String> declared = channels.isEmpty() ? defaults(query) : channels;
        ChannelResolver.Channels resolved = new ChannelResolver(env).resolve(declared, "the command line");
        return query.contains(":") ? maven(query, resolved, offline)
                : channelPackages(query, resolved, platforms.isEmpty() ? List.of(Platform.values()) : platforms,
                offline);
    }

    private static List<String> defaults(String query) {
        return query.contains(":") ? List.of("maven-central") : new BuiltinChannels().names();
    }

    private List<Hit> maven(String query, ChannelResolver.Channels channels, boolean offline) {
        PackageName name = PackageName.of(query);
        try (MavenSessionFactory maven = new MavenSessionFactory(home.mavenRepository(), channels.maven(), offline,
                !offline, dev.jconda.channels.maven.MavenSettings.read(env),
                dev.jconda.cache.DownloadPolicy.fromEnvironment(env));
             MavenChannel channel = new MavenChannel(maven, false, new DescriptorCache.Directory(
                     home.descriptorCache()))) {
            List<Hit> out = new ArrayList<>();
            for (Package p : channel.versions(name)) {
                String repository = p instanceof MavenPackage m && m.repositoryUrl() != null ? m.repositoryUrl() : "";
                out.add(new Hit(name.value(), p.version().text(), "", repository, List.of("noarch")));
            }
            return out;
        }
    }

    private List<Hit> channelPackages(String query, ChannelResolver.Channels channels, List<Platform> platforms,
                                      boolean offline) {
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + query);
        BuiltinChannels builtin = new BuiltinChannels();
        Map<String, Hit> hits = new LinkedHashMap<>();
        for (String location : channels.indexes()) {
            for (Platform platform : platforms) {
                IndexChannel channel = builtin.contains(location) ? builtin.channel(location, platform)
                        : new IndexChannel(location, platform, home.indexCache(), offline);
                for (PackageName name : channel.packageNames()) {
                    if (!glob.matches(Path.of(name.value()))) {
                        continue;
                    }
                    for (ChannelPackage p : channel.packages(name)) {
                        String key = channel.name() + "\u0000" + p.name() + "\u0000" + p.version() + "\u0000" + p.build();
                        Hit was = hits.get(key);
                        List<String> on = new ArrayList<>(was == null ? List.of() : was.platforms());
                        on.add(platform.subdir());
                        hits.put(key, new Hit(p.name().value(), p.version().text(), p.build(), channel.name(), on));
                    }
                }
            }
        }
        return List.copyOf(hits.values());
    }
}
