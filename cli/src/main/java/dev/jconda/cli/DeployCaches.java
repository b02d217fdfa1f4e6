package dev.jconda.cli;

import dev.jconda.deploy.RuntimeLinker;

import java.nio.file.Path;

/** Where pack and image keep what they can reuse: linked runtimes and image layers, under jconda's cache. */
final class DeployCaches {
    private DeployCaches() {
    }

    static RuntimeLinker runtimes(Context context) {
        return new RuntimeLinker(context.home().root().resolve("cache").resolve("runtimes"));
    }

    static Path imageLayers(Context context) {
        return context.home().root().resolve("cache").resolve("image-layers");
    }

    static String size(long bytes) {
        return bytes >= 1 << 20 ? String.format("%.1f MiB", bytes / (double) (1 << 20))
                : String.format("%.1f KiB", bytes / 1024.0);
    }
}
