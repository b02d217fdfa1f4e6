package dev.jconda.cli;

import dev.jconda.spec.EnvironmentFile;
import dev.jconda.spec.EnvironmentFileReader;

import java.nio.file.Path;

/** Reads an environment file and prints its warnings (unknown keys) to stderr. */
final class EnvironmentFiles {
    private EnvironmentFiles() {
    }

    static EnvironmentFile read(Context context, Path file) {
        EnvironmentFile env = new EnvironmentFileReader().read(file);
        env.warnings().forEach(warnings(context));
        return env;
    }

    /** Where a reader's warnings (unknown keys) go: one line each on stderr. */
    static java.util.function.Consumer<String> warnings(Context context) {
        return w -> context.err().println("jconda: warning: " + w);
    }
}
