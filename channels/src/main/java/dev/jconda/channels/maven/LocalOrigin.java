package dev.jconda.channels.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a file in Maven's local repository came from, as Maven Resolver records it beside the file
 * ({@code _remote.repositories}: lines {@code FILE>REPOSITORY-ID=}).
 */
final class LocalOrigin {
    private LocalOrigin() {
    }

    /** True when Resolver recorded {@code file} as downloaded from the repository with this id. */
    static boolean cameFrom(Path file, String repositoryId) {
        Path record = file.resolveSibling("_remote.repositories");
        String line = file.getFileName() + ">" + repositoryId + "=";
        try {
            return Files.readAllLines(record, StandardCharsets.UTF_8).stream().anyMatch(l -> l.strip().equals(line));
        } catch (IOException e) {
            return false;
        }
    }
}
