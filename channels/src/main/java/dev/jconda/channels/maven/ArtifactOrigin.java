package dev.jconda.channels.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The URL a file in Maven's local repository was fetched from, kept beside it ({@code FILE.jconda-origin}) with the
 * file's size and modification time. Maven Resolver files downloads by repository id, and {@code maven-central} is
 * the same id whether it points at Central or at a mirror; jconda ties the bytes to the URL instead, so bytes from
 * one URL are never locked as another's.
 */
final class ArtifactOrigin {
    private final Path file;
    private final Path memo;

    ArtifactOrigin(Path file) {
        this.file = file;
        this.memo = file.resolveSibling(file.getFileName() + ".jconda-origin");
    }

    /** The URL recorded for the file as it is now; empty when none was, or the file changed since. */
    Optional<String> recorded() {
        try {
            String[] parts = Files.readString(memo, StandardCharsets.UTF_8).strip().split(" ", 2);
            return parts.length == 2 && parts[0].equals(stamp()) ? Optional.of(parts[1]) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    void record(String url) {
        try {
            Files.writeString(memo, stamp() + " " + url + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            // unrecorded, the next lock records it (and trusts the bytes once more)
        }
    }

    /** Removes the file, so Resolver downloads it again. */
    void forget() {
        try {
            Files.deleteIfExists(memo);
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot remove " + file + " from Maven's local repository", e);
        }
    }

    private String stamp() throws IOException {
        return Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis();
    }
}
