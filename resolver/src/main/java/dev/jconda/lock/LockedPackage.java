package dev.jconda.lock;

import java.util.List;
import java.util.Objects;

/**
 * One package of a solved environment, with everything needed to install it again without solving: where the file
 * comes from, its checksum and size, and how the installer treats it.
 *
 * @param name        the solver's package name ({@code com.google.guava:guava}, {@code libtorch})
 * @param kind        where it came from
 * @param build       a channel package's build string, empty for Maven artifacts
 * @param channel     the channel (name or URL) it was taken from
 * @param coordinates Maven coordinates {@code group:artifact:extension[:classifier]:version}, or empty
 * @param file        the file name it installs under
 * @param url         where the cache fetches it from
 * @param sha256      hex sha256 of the file, where jconda has seen it (every Maven jar of the lock)
 * @param sha1        the repository's own sha1, for large native bundles that {@code jconda lock} does not
 *                    download (Maven Central publishes only sha1 for them); checked when the file is fetched
 * @param size        bytes
 * @param install     what the installer does with it
 * @param extract     for {@link Install#NATIVE}: the folder inside the archive to extract (empty for all)
 * @param depends     the names of the locked packages it requires, sorted
 * @param requested   whether the environment file asked for it by name (for {@code env export --from-history})
 * @param virtualDepends what it needs of the machine, as specs of virtual packages ({@code __cuda >=12.4}); an
 *                    install checks them against the machine it installs on
 */
public record LockedPackage(String name, String version, Kind kind, String build, String channel,
                            String coordinates, String file, String url, String sha256, String sha1, long size, Install install,
                            String extract, List<String> depends, boolean requested, List<String> virtualDepends) {
    public LockedPackage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
        build = build == null ? "" : build;
        channel = channel == null ? "" : channel;
        coordinates = coordinates == null ? "" : coordinates;
        file = file == null ? "" : file;
        url = url == null ? "" : url;
        sha256 = sha256 == null ? "" : sha256;
        sha1 = sha1 == null ? "" : sha1;
        if (install != Install.NONE && sha256.isEmpty() && sha1.isEmpty()) {
            throw new IllegalArgumentException(name + " " + version + " has a file but no checksum");
        }
        extract = extract == null ? "" : extract;
        depends = List.copyOf(depends);
        virtualDepends = virtualDepends == null ? List.of() : List.copyOf(virtualDepends);
    }

    public LockedPackage(String name, String version, Kind kind, String build, String channel, String coordinates,
                         String file, String url, String sha256, String sha1, long size, Install install,
                         String extract, List<String> depends, boolean requested) {
        this(name, version, kind, build, channel, coordinates, file, url, sha256, sha1, size, install, extract,
                depends, requested, List.of());
    }

    public enum Kind {
        MAVEN, CHANNEL, JDK;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How the installer places the file in the prefix. */
    public enum Install {
        /** a jar linked into {@code lib/} and put on {@code CLASSPATH} */
        CLASSPATH,
        /** an archive extracted into {@code lib/native/} */
        NATIVE,
        /** a JDK archive extracted into {@code jdk/}, which becomes the environment's {@code JAVA_HOME} */
        JDK,
        /** nothing to place (a POM-only artifact, or a JDK found on this machine) */
        NONE;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean hasFile() {
        return install != Install.NONE;
    }

    /** The key the package cache files it under: {@code sha256}, or {@code sha1-<hex>} when only sha1 is known. */
    public String cacheKey() {
        return sha256.isEmpty() ? "sha1-" + sha1 : sha256;
    }
}
