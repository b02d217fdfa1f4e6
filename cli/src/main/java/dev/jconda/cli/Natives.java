package dev.jconda.cli;

import dev.jconda.prefix.ArchiveExtractor;
import dev.jconda.prefix.InstallError;
import dev.jconda.prefix.PrefixInstaller;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The extractor the installer uses for native bundles: the safe one, which never writes outside the prefix. Several
 * bundles share {@code lib/native} (DJL wants libtorch and its JNI library in one folder), so each is unpacked into
 * a fresh folder of its own and then merged in; two bundles that bring different files of one name are an error.
 */
final class Natives {
    private Natives() {
    }

    static PrefixInstaller.NativeExtractor extractor() {
        ArchiveExtractor extractor = new ArchiveExtractor();
        return (archive, innerPrefix, destination) -> {
            Path unpacked = destination.resolve(".unpack-" + UUID.randomUUID());
            ArchiveExtractor.Request request = ArchiveExtractor.Request.of(archive, unpacked);
            if (innerPrefix != null && !innerPrefix.isEmpty()) {
                request = request.under(innerPrefix);
            }
            try {
                extractor.extract(request);
                merge(unpacked, destination, archive);
            } finally {
                PrefixInstaller.deleteTree(unpacked);
            }
        };
    }

    private static void merge(Path from, Path into, Path archive) throws IOException {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(from)) {
            entries = walk.filter(p -> !p.equals(from)).sorted(Comparator.comparing(Path::getNameCount)).toList();
        }
        for (Path source : entries) {
            Path target = into.resolve(from.relativize(source).toString());
            if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(target);
            } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.mismatch(source, target) != -1) {
                    throw new InstallError(archive.getFileName() + " brings " + into.relativize(target)
                            + ", which another native bundle of the environment already installed differently");
                }
            } else {
                Files.move(source, target);
            }
        }
    }
}
