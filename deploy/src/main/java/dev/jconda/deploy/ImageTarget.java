package dev.jconda.deploy;

import java.nio.file.Path;

/** Where {@code jconda image} puts the image: {@code oci:DIR}, {@code tar:FILE} or a registry reference. */
public sealed interface ImageTarget {
    /**
     * An OCI image layout folder ({@code skopeo inspect oci:DIR}, {@code umoci}). It is replaced whole, so it must
     * be absent, empty or an earlier layout: never a folder of the user's that happens to be named.
     */
    record OciLayout(Path dir) implements ImageTarget {
        public OciLayout {
            if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isRegularFile(dir.resolve("oci-layout"))
                    && !isEmptyDirectory(dir)) {
                throw DeployError.badInput("--to oci:" + dir + ": the folder exists and is not an OCI layout; "
                        + "name a new or empty one");
            }
        }

        private static boolean isEmptyDirectory(Path dir) {
            try (var s = java.nio.file.Files.list(dir)) {
                return s.findAny().isEmpty();
            } catch (java.io.IOException e) {
                return false;
            }
        }
    }

    /** One OCI archive ({@code podman load -i FILE}, {@code docker load -i FILE}). */
    record Archive(Path file) implements ImageTarget {}

    /** {@code REGISTRY/REPO:TAG}, pushed with the credentials of {@code ~/.docker/config.json}. */
    record Registry(String reference) implements ImageTarget {}

    public static ImageTarget parse(String spec) {
        if (spec.startsWith("oci:")) {
            return new OciLayout(nonEmpty(spec, spec.substring(4)));
        }
        if (spec.startsWith("tar:")) {
            return new Archive(nonEmpty(spec, spec.substring(4)));
        }
        if (spec.isBlank() || spec.contains("://")) {
            throw DeployError.badInput("--to " + spec + ": expected oci:DIR, tar:FILE or REGISTRY/REPO:TAG");
        }
        return new Registry(spec);
    }

    private static Path nonEmpty(String spec, String path) {
        if (path.isBlank()) {
            throw DeployError.badInput("--to " + spec + ": the path is missing");
        }
        return Path.of(path);
    }
}
