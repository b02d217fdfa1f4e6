package dev.jconda.channels.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Effective dependency lists of released artifacts, kept between runs. A release's effective POM never changes, and
 * building it through Maven's model builder is what makes a warm lock slow (hundreds of parent and BOM reads), so
 * uv and pixi keep parsed metadata and so does jconda. Keyed by the repository set, so a different mirror set never
 * sees another's answers.
 */
public sealed interface DescriptorCache {

    Optional<MavenChannel.Descriptor> get(String coordinates);

    void put(String coordinates, MavenChannel.Descriptor descriptor);

    default void flush() {
    }

    static DescriptorCache none() {
        return new None();
    }

    record None() implements DescriptorCache {
        @Override public Optional<MavenChannel.Descriptor> get(String coordinates) { return Optional.empty(); }
        @Override public void put(String coordinates, MavenChannel.Descriptor descriptor) { }
    }

    /** One small text file per artifact version under {@code directory}. */
    record Directory(Path directory) implements DescriptorCache {
        private static final String FORMAT = "jconda-descriptor 1";

        @Override
        public Optional<MavenChannel.Descriptor> get(String coordinates) {
            Path file = fileOf(coordinates);
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return Optional.empty();
            }
            if (lines.isEmpty() || !lines.getFirst().equals(FORMAT)) {
                return Optional.empty();
            }
            List<MavenChannel.DeclaredDependency> deps = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", -1);
                if (f.length != 6) {
                    return Optional.empty();
                }
                deps.add(new MavenChannel.DeclaredDependency(f[0], f[1], f[2], f[3], f[4],
                        f[5].isEmpty() ? List.of() : List.of(f[5].split(","))));
            }
            return Optional.of(new MavenChannel.Descriptor(deps));
        }

        @Override
        public void put(String coordinates, MavenChannel.Descriptor descriptor) {
            if (coordinates.endsWith("-SNAPSHOT")) {
                return;
            }
            StringBuilder out = new StringBuilder(FORMAT).append('\n');
            for (MavenChannel.DeclaredDependency d : descriptor.dependencies()) {
                out.append(d.groupId()).append('\t').append(d.artifactId()).append('\t').append(d.classifier())
                        .append('\t').append(d.extension()).append('\t').append(d.version()).append('\t')
                        .append(String.join(",", d.exclusions())).append('\n');
            }
            Path file = fileOf(coordinates);
            try {
                Files.createDirectories(file.getParent());
                Path tmp = Files.createTempFile(file.getParent(), ".desc", ".tmp");
                Files.writeString(tmp, out, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                // A cache that cannot be written only costs speed next time.
            }
        }

        private Path fileOf(String coordinates) {
            String[] p = coordinates.split(":");
            return directory.resolve(p[0]).resolve(p[1]).resolve(p[2] + ".tsv");
        }
    }
}
