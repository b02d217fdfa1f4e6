package dev.jconda.cli.workflow;

import dev.jconda.channels.maven.MavenRepository;
import dev.jconda.spec.SpecSyntaxError;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the {@code channels:} list into sources: {@code maven-central} and any {@code https://} or {@code file://}
 * Maven repository become Maven repositories, in order; an empty list means Maven Central alone.
 */
public final class ChannelResolver {
    private final Map<String, String> env;

    public ChannelResolver(Map<String, String> env) {
        this.env = env;
    }

    /** The resolved channels: Maven repositories in priority order, and the display names for the lockfile. */
    public record Channels(List<MavenRepository> maven, List<String> names) {
        public Channels {
            maven = List.copyOf(maven);
            names = List.copyOf(names);
        }
    }

    public Channels resolve(List<String> declared, String file) {
        List<MavenRepository> maven = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> channels = declared.isEmpty() ? List.of("maven-central") : declared;
        int n = 0;
        for (String c : channels) {
            n++;
            if (c.equals("maven-central") || c.equals("central")) {
                MavenRepository central = MavenRepository.central(env);
                maven.add(central);
                names.add("maven-central");
            } else if (c.startsWith("https://") || c.startsWith("http://") || c.startsWith("file:")) {
                URI uri;
                try {
                    uri = URI.create(c);
                } catch (IllegalArgumentException e) {
                    throw new SpecSyntaxError(file, 0, 0, "channel '" + c + "' is not a valid URL");
                }
                if (uri.getUserInfo() != null) {
                    throw new SpecSyntaxError(file, 0, 0, "channel '" + redact(c) + "' carries credentials; "
                            + "put them in the environment, never in the file");
                }
                maven.add(new MavenRepository("channel-" + n, uri));
                names.add(c.endsWith("/") ? c : c + "/");
            } else if (c.equals("defaults") || c.equals("conda-forge")) {
                throw new SpecSyntaxError(file, 0, 0, "channel '" + c + "' is a conda (Python) channel; jconda "
                        + "reads maven-central, Maven repository URLs and jconda channels");
            } else {
                throw new SpecSyntaxError(file, 0, 0, "unknown channel '" + c + "'; expected maven-central, an "
                        + "https:// or file:// Maven repository URL, or a jconda channel");
            }
        }
        return new Channels(maven, names);
    }

    private static String redact(String url) {
        return url.replaceAll("//[^/@]*@", "//***@");
    }
}
