package dev.jconda.cli.workflow;

import dev.jconda.prefix.PrefixLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Environments made outside {@code envs/} ({@code -p DIR}, the file's {@code prefix:}), one absolute path a line in
 * {@code $JCONDA_ROOT/environments.txt}, as conda's {@code ~/.conda/environments.txt}: so {@code env list} shows
 * them and {@code -n NAME} finds them by their folder's name. A path that is no longer an environment is skipped.
 */
public record PrefixRegistry(Path file) {

    public void add(Path prefix) {
        Path absolute = prefix.toAbsolutePath().normalize();
        if (all().contains(absolute)) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            // one short append per line: concurrent creates interleave whole lines
            Files.writeString(file, absolute + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record " + absolute + " in " + file, e);
        }
    }

    /** The registered prefixes that are still environments, in the order they were made. */
    public List<Path> environments() {
        return all().stream().filter(p -> new PrefixLayout(p).isEnvironment()).toList();
    }

    /** A registered environment whose folder is called {@code name}. */
    public Optional<Path> find(String name) {
        return environments().stream().filter(p -> p.getFileName().toString().equals(name)).findFirst();
    }

    private Set<Path> all() {
        if (!Files.isRegularFile(file)) {
            return Set.of();
        }
        try {
            Set<Path> out = new LinkedHashSet<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(Path.of(line.strip()));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
