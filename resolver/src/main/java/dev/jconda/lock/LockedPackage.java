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
 * @param sourceChannel  the channel it was taken from as the environment file writes it ({@code maven-central}, a
 *                       repository URL, a channel folder): provenance, and what {@code lock --check} compares;
 *                       empty for a JDK of this machine and in locks made before it was recorded
 * @param checksumSource where {@code sha256}/{@code sha1}/{@code sha512} come from; null when there is no file (or an
 *                       old lock)
 * @param sha512         the repository's own sha512, when it publishes one (the strongest is locked)
 * @param virtualDepends what it needs of the machine, as specs of virtual packages ({@code __cuda >=12.4}); an
 *                       install checks them against the machine it installs on
 */
public record LockedPackage(String name, String version, Kind kind, String build, String channel,
                            String coordinates, String file, String url, String sha256, String sha1, long size, Install install,
                            String extract, List<String> depends, boolean requested, String sourceChannel,
                            ChecksumSource checksumSource, String sha512, List<String> virtualDepends) {
    /** A package without provenance, as locks before provenance was recorded have it. */
    public LockedPackage(String name, String version, Kind kind, String build, String channel, String coordinates,
                         String file, String url, String sha256, String sha1, long size, Install install,
                         String extract, List<String> depends, boolean requested) {
        this(name, version, kind, build, channel, coordinates, file, url, sha256, sha1, size, install, extract, depends,
                requested, "", null, "");
    }

    /** A package that needs nothing of the machine. */
    public LockedPackage(String name, String version, Kind kind, String build, String channel, String coordinates,
                         String file, String url, String sha256, String sha1, long size, Install install,
                         String extract, List<String> depends, boolean requested, String sourceChannel,
                         ChecksumSource checksumSource, String sha512) {
        this(name, version, kind, build, channel, coordinates, file, url, sha256, sha1, size, install, extract, depends,
                requested, sourceChannel, checksumSource, sha512, List.of());
    }

    public LockedPackage {
        sourceChannel = sourceChannel == null ? "" : sourceChannel;
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
        sha512 = sha512 == null ? "" : sha512;
        if (install != Install.NONE && sha256.isEmpty() && sha1.isEmpty() && sha512.isEmpty()) {
            throw new IllegalArgumentException(name + " " + version + " has a file but no checksum");
        }
        extract = extract == null ? "" : extract;
        depends = List.copyOf(depends);
        virtualDepends = virtualDepends == null ? List.of() : List.copyOf(virtualDepends);
    }

    /**
     * A locked file: its name, where the cache fetches it, its size and the checksum it is locked by (exactly what
     * {@code source} says: the repository's strongest published checksum, the channel index's sha256, or jconda's own).
     */
    public record LockedFile(String file, String url, long size, String sha256, String sha1, String sha512,
                             ChecksumSource source) {
        public LockedFile {
            sha256 = sha256 == null ? "" : sha256;
            sha1 = sha1 == null ? "" : sha1;
            sha512 = sha512 == null ? "" : sha512;
        }
    }

    /** A Maven artifact with its jar, for the class path. */
    public static LockedPackage mavenJar(String name, String version, String coordinates, LockedFile jar,
                                         List<String> depends, boolean requested) {
        return new LockedPackage(name, version, Kind.MAVEN, "", "", coordinates, jar.file(), jar.url(), jar.sha256(),
                jar.sha1(), jar.size(), Install.CLASSPATH, "", depends, requested, "", jar.source(), jar.sha512());
    }

    /** A Maven module without a file to place (packaged as a POM): only its dependencies matter. */
    public static LockedPackage mavenWithoutFile(String name, String version, String coordinates,
                                                 List<String> depends, boolean requested) {
        return new LockedPackage(name, version, Kind.MAVEN, "", "", coordinates, "", "", "", "", 0, Install.NONE, "",
                depends, requested);
    }

    /**
     * A channel package with a file to install ({@link Install#CLASSPATH}, {@link Install#NATIVE} or
     * {@link Install#JDK}); a JDK archive is of kind JDK.
     *
     * @param coordinates the file's Maven coordinates when the channel hosts it in a Maven repository, else empty
     * @param extract     for a native bundle, the folder inside the archive to extract (empty for all)
     */
    public static LockedPackage channelFile(String name, String version, String build, String channel,
                                            String coordinates, LockedFile file, Install install, String extract,
                                            List<String> depends, boolean requested) {
        return new LockedPackage(name, version, install == Install.JDK ? Kind.JDK : Kind.CHANNEL, build, channel,
                coordinates, file.file(), file.url(), file.sha256(), file.sha1(), file.size(), install, extract,
                depends, requested, "", file.source(), file.sha512());
    }

    /** A channel package with no file for this platform: a metapackage, or one the machine provides. */
    public static LockedPackage channelWithoutFile(String name, String version, String build, String channel,
                                                   List<String> depends, boolean requested) {
        return new LockedPackage(name, version, Kind.CHANNEL, build, channel, "", "", "", "", "", 0, Install.NONE, "",
                depends, requested);
    }

    /**
     * A JDK found on a machine rather than downloaded: nothing to install.
     *
     * @param home where it was found on this machine, or empty for a placeholder of another platform's lock
     */
    public static LockedPackage installedJdk(String name, String version, String build, String channel, String home,
                                             List<String> depends, boolean requested) {
        return new LockedPackage(name, version, Kind.JDK, build, channel, "", "", home, "", "", 0, Install.NONE, "",
                depends, requested);
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

        /** An archive unpacked into the environment (a native bundle, a JDK), rather than a file placed as it is. */
        public boolean unpacked() {
            return this == NATIVE || this == JDK;
        }
    }

    /** The same package with its provenance recorded. */
    public LockedPackage withProvenance(String source, ChecksumSource checksum) {
        return new LockedPackage(name, version, kind, build, channel, coordinates, file, url, sha256, sha1, size,
                install, extract, depends, requested, source, checksum, sha512, virtualDepends);
    }

    /** The same package with what it needs of the machine recorded. */
    public LockedPackage withVirtualDepends(List<String> needs) {
        return new LockedPackage(name, version, kind, build, channel, coordinates, file, url, sha256, sha1, size,
                install, extract, depends, requested, sourceChannel, checksumSource, sha512, needs);
    }

    /** The same package recorded by the sha256 jconda computed from its bytes ({@code lock --hashes sha256}). */
    public LockedPackage withSha256(String computed, long bytes) {
        return new LockedPackage(name, version, kind, build, channel, coordinates, file, url, computed, "", bytes,
                install, extract, depends, requested, sourceChannel, ChecksumSource.COMPUTED, "", virtualDepends);
    }

    public boolean hasFile() {
        return install != Install.NONE;
    }

    /**
     * The key the package cache files it under: {@code sha256}, else {@code sha512-<hex>} or {@code sha1-<hex>},
     * whichever the lock knows.
     */
    public String cacheKey() {
        return !sha256.isEmpty() ? sha256 : !sha512.isEmpty() ? "sha512-" + sha512 : "sha1-" + sha1;
    }
}
