package dev.jconda.model;

import java.util.Objects;

/** One Maven artifact at one version, found in the repository {@code repositoryUrl}. */
public record MavenPackage(String groupId, String artifactId, String classifier, String extension,
                           Version version, String repositoryUrl) implements Package {
    public MavenPackage {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(artifactId, "artifactId");
        Objects.requireNonNull(version, "version");
        classifier = classifier == null ? "" : classifier;
        extension = extension == null || extension.isEmpty() ? "jar" : extension;
    }

    @Override
    public PackageName name() {
        return PackageName.maven(groupId, artifactId, classifier);
    }

    /** {@code group:artifact:extension[:classifier]:version}, Maven Resolver's coordinate form. */
    public String coordinates() {
        return groupId + ":" + artifactId + ":" + extension + (classifier.isEmpty() ? "" : ":" + classifier)
                + ":" + version;
    }

    public String fileName() {
        return artifactId + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + "." + extension;
    }

    /** The artifact's path inside a Maven repository layout. */
    public String repositoryPath() {
        return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + fileName();
    }
}
