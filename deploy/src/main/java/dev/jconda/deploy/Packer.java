package dev.jconda.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** {@code jconda pack}: an environment as one relocatable archive that runs with no jconda and no network. */
public final class Packer {
    private final RuntimeLinker linker;

    public Packer(RuntimeLinker linker) {
        this.linker = linker;
    }

    /**
     * @param bytes         the archive's size
     * @param unpackedBytes what it holds
     * @param modules       the JDK modules of its runtime
     */
    public record Packed(String name, Path file, long bytes, long unpackedBytes, Set<String> modules,
                         boolean hasServer) {
    }

    public Packed pack(Path prefix, Path out) {
        PackWriter.Compression.forFile(out);   // a name it cannot write is bad input, before any work
        try (Deployment deployment = Deployment.prepare(prefix, linker)) {
            long bytes = new PackWriter().write(deployment.files(), out);
            long unpacked = deployment.files().all().stream().mapToLong(e -> size(e.source())).sum();
            return new Packed(deployment.env().name(), out.toAbsolutePath(), bytes, unpacked,
                    deployment.runtime().modules(), !deployment.env().tools().isEmpty());
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
