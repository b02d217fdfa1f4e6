package dev.jconda.cli;

import dev.jconda.prefix.ArchiveExtractor;
import dev.jconda.prefix.PrefixInstaller;

/** The extractor the installer uses for native bundles: the safe one, which never writes outside the prefix. */
final class Natives {
    private Natives() {
    }

    static PrefixInstaller.NativeExtractor extractor() {
        ArchiveExtractor extractor = new ArchiveExtractor();
        return (archive, innerPrefix, destination) -> {
            ArchiveExtractor.Request request = ArchiveExtractor.Request.of(archive, destination).replacingExisting();
            if (innerPrefix != null && !innerPrefix.isEmpty()) {
                request = request.under(innerPrefix);
            }
            extractor.extract(request);
        };
    }
}
