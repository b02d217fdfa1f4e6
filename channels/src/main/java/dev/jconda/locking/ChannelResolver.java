package dev.jconda.locking;

import dev.jconda.channels.ChannelLabel;
import dev.jconda.channels.index.BuiltinChannels;
import dev.jconda.channels.maven.MavenRepository;
import dev.jconda.spec.SourcePosition;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the {@code channels:} list into sources: {@code maven-central} and any {@code https://} or {@code file://}
 * Maven repository become Maven repositories, in order; the built-in channel names ({@code pytorch},
 * {@code nvidia}, {@code intel}) and folders or URLs holding an {@code index.yml} become channel indexes. An empty
 * list means Maven Central alone.
 */
public final class ChannelResolver {
    private final Map<String, String> env;

    public ChannelResolver(Map<String, String> env) {
        this.env = env;
    }

    /**
     * The resolved channels: Maven repositories in priority order, channel indexes (built-in names or locations) in
     * priority order, and the display names for the lockfile.
     *
     * @param mavenNames each Maven repository's name as the file writes it (the display name)
     */
    public record Channels(List<MavenRepository> maven, List<String> indexes, List<String> names,
                           List<String> mavenNames) {
        public Channels {
            maven = List.copyOf(maven);
            indexes = List.copyOf(indexes);
            names = List.copyOf(names);
            mavenNames = List.copyOf(mavenNames);
        }

        /**
         * The label of a channel by its display name: priority is its place in the file's list; Maven Central added
         * behind the channel indexes (never written) comes last.
         */
        public ChannelLabel label(String name) {
            int at = names.indexOf(name);
            return new ChannelLabel(name, at < 0 ? names.size() + 1 : at + 1);
        }

        /**
         * Said where a package name no channel index has was asked for: the {@code http(s)://} channels that were read
         * as Maven repositories (a URL not ending in {@code index.yml} is one), and how an index is named instead.
         * Empty when there are none.
         */
        public String readAsMaven() {
            List<String> urls = mavenNames.stream().filter(n -> n.startsWith("http://") || n.startsWith("https://"))
                    .toList();
            if (urls.isEmpty()) {
                return "";
            }
            return "; " + String.join(", ", urls) + (urls.size() == 1 ? " is a Maven repository" : " are Maven "
                    + "repositories") + " (a channel URL not ending in index.yml is read as one); a channel index "
                    + "is named by the URL of its index.yml: " + urls.getFirst() + "index.yml";
        }

        /** Labels of the Maven repositories by URL, as Maven candidates carry it. */
        public java.util.Map<String, ChannelLabel> repositoryLabels() {
            java.util.Map<String, ChannelLabel> out = new java.util.HashMap<>();
            for (int i = 0; i < maven.size(); i++) {
                out.put(maven.get(i).url().toString(), label(mavenNames.get(i)));
            }
            return out;
        }
    }

    public Channels resolve(List<String> declared, String file) {
        return resolve(declared, file, List.of());
    }

    /**
     * As {@link #resolve(List, String)}, with where each declared channel stands in {@code file} (same order), so
     * that a bad channel is reported at its line and column.
     */
    public Channels resolve(List<String> declared, String file, List<SourcePosition> positions) {
        List<MavenRepository> maven = new ArrayList<>();
        List<String> indexes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> mavenNames = new ArrayList<>();
        BuiltinChannels builtin = new BuiltinChannels();
        List<String> channels = declared.isEmpty() ? List.of("maven-central") : declared;
        for (int i = 0; i < channels.size(); i++) {
            String c = channels.get(i);
            SourcePosition at = i < positions.size() ? positions.get(i) : SourcePosition.NONE;
            if (builtin.contains(c)) {
                indexes.add(c);
                names.add(c);
            } else if (isIndex(c)) {
                indexes.add(c);
                names.add(c);
            } else if (namesOtherYaml(c)) {
                throw at.error(file, "channel '" + redact(c) + "' names a YAML file, but a channel "
                        + "index must be named index.yml (a Maven repository is named by its root URL)");
            } else if (c.equals("maven-central") || c.equals("central")) {
                MavenRepository central = MavenRepository.central(env);
                maven.add(central);
                names.add("maven-central");
                mavenNames.add("maven-central");
            } else if (c.startsWith("https://") || c.startsWith("http://") || c.startsWith("file:")) {
                URI uri;
                try {
                    uri = URI.create(c);
                } catch (IllegalArgumentException e) {
                    throw at.error(file, "channel '" + c + "' is not a valid URL");
                }
                if (uri.getUserInfo() != null) {
                    throw at.error(file, "channel '" + redact(c) + "' carries credentials; "
                            + "put them in the environment, never in the file");
                }
                // named by its URL, not its place in the list: Maven Resolver files cached version lists and POMs
                // under the id, and two environments' first channels must never share them
                String url = uri.toString().endsWith("/") ? uri.toString() : uri + "/";
                maven.add(new MavenRepository("channel-" + dev.jconda.cache.Sha256.of(
                        url.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 12), uri));
                names.add(c.endsWith("/") ? c : c + "/");
                mavenNames.add(names.getLast());
            } else if (c.equals("defaults") || c.equals("conda-forge")) {
                throw at.error(file, "channel '" + c + "' is a conda (Python) channel; jconda "
                        + "reads maven-central, Maven repository URLs and jconda channels");
            } else {
                throw at.error(file, "unknown channel '" + c + "'; expected maven-central, "
                        + String.join(", ", builtin.names()) + ", an https:// or file:// Maven repository URL, or a "
                        + "channel folder with an index.yml or the URL of one (https://host/chan/index.yml)");
            }
        }
        if (maven.stream().noneMatch(r -> r.id().equals("maven-central")) && !indexes.isEmpty()) {
            // jconda channels name Maven Central artifacts (libtorch, DJL); keep it reachable, last
            maven.add(MavenRepository.central(env));
            mavenNames.add("maven-central");
        }
        return new Channels(maven, indexes, names, mavenNames);
    }

    /** A channel index rather than a Maven repository: a folder or URL with an {@code index.yml}. */
    private static boolean isIndex(String c) {
        if (c.endsWith("/index.yml") || c.endsWith("index.yml")) {
            return true;
        }
        try {
            Path dir = c.startsWith("file:") ? Path.of(URI.create(c)) : c.contains("://") ? null : Path.of(c);
            return dir != null && Files.isRegularFile(dir.resolve("index.yml"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code acme.yaml}, {@code https://host/chan/channel.yml}: meant as an index, named as none is read. */
    private static boolean namesOtherYaml(String c) {
        String path = c.contains("://") ? c.replaceFirst("[?#].*$", "") : c;
        return path.endsWith(".yml") || path.endsWith(".yaml");
    }

    private static String redact(String url) {
        return url.replaceAll("//[^/@]*@", "//***@");
    }
}
