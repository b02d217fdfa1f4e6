package dev.jconda.channels.maven;

import java.net.URI;
import java.util.Objects;

/**
 * A Maven repository a channel points at. {@code id} names it in messages; {@code url} never carries credentials
 * (those come from the environment, so lockfiles can be shared).
 */
public record MavenRepository(String id, URI url) {
    public static final URI CENTRAL = URI.create("https://repo.maven.apache.org/maven2/");

    public MavenRepository {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        String s = url.toString();
        url = s.endsWith("/") ? url : URI.create(s + "/");
        if (url.getUserInfo() != null) {
            throw new IllegalArgumentException("repository URL must not carry credentials: " + id);
        }
    }

    /**
     * Maven Central; {@code JCONDA_MAVEN_CENTRAL_URL} points it at a mirror, else a mirror of {@code central} in
     * Maven's settings.xml ({@link MavenSettings}).
     */
    public static MavenRepository central(java.util.Map<String, String> env) {
        String mirror = env.get("JCONDA_MAVEN_CENTRAL_URL");
        if (mirror != null && !mirror.isBlank()) {
            return new MavenRepository("maven-central", URI.create(mirror));
        }
        return MavenSettings.read(env).mirrorOf("central")
                .map(m -> new MavenRepository("maven-central", URI.create(m.url())))
                .orElse(new MavenRepository("maven-central", CENTRAL));
    }

    public String urlOf(String repositoryPath) {
        return url.resolve(repositoryPath).toString();
    }
}
