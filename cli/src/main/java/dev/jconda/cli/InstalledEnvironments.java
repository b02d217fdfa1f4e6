package dev.jconda.cli;

import dev.jconda.prefix.PrefixLayout;

import java.nio.file.Path;

/** Looks up a named environment, or says plainly that there is none (exit code 2). */
final class InstalledEnvironments {
    private InstalledEnvironments() {
    }

    static Path require(Context context, String name) {
        EnvironmentNames.check(name);
        Path prefix = context.home().env(name);
        dev.jconda.prefix.InterruptedReplace.recover(prefix);
        if (!new PrefixLayout(prefix).isEnvironment()) {
            throw new UserError("no environment named '" + name + "' in " + context.home().envs()
                    + "; create it with `jconda env create -f environment.yml`");
        }
        return prefix;
    }

    /** The named environment, read: its lock, activation settings and class path. */
    static dev.jconda.run.RunEnvironment load(Context context, String name) {
        return load(require(context, name));
    }

    static dev.jconda.run.RunEnvironment load(Path prefix) {
        try {
            return dev.jconda.run.RunEnvironment.load(prefix);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read environment " + prefix, e);
        }
    }
}
