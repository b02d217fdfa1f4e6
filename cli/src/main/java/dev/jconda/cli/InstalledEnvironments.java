package dev.jconda.cli;

import dev.jconda.prefix.PrefixLayout;

import dev.jconda.cli.workflow.PrefixRegistry;

import java.nio.file.Path;
import java.util.Optional;

/** Looks up a named environment, or says plainly that there is none (exit code 2). */
final class InstalledEnvironments {
    private InstalledEnvironments() {
    }

    static Path require(Context context, String name) {
        EnvironmentNames.check(name);
        Path prefix = context.home().env(name);
        dev.jconda.prefix.InterruptedReplace.recover(prefix);
        if (!new PrefixLayout(prefix).isEnvironment()) {
            Optional<Path> elsewhere = new PrefixRegistry(context.home().environmentsFile()).find(name);
            if (elsewhere.isPresent()) {
                return elsewhere.get();
            }
            throw new UserError("no environment named '" + name + "' in " + context.home().envs()
                    + "; create it with `jconda env create -f environment.yml`");
        }
        return prefix;
    }

    /** The environment given by {@code -n NAME} or {@code -p DIR}. */
    static Path resolve(Context context, String name, Path prefix) {
        if (prefix != null) {
            if (!new PrefixLayout(prefix).isEnvironment()) {
                throw new UserError(prefix + " is not a jconda environment");
            }
            return prefix.toAbsolutePath();
        }
        if (name == null) {
            // inside `jconda shell` or after `eval "$(jconda shell-hook ...)"`: the active one, as conda does
            String active = context.env().get("JCONDA_PREFIX");
            if (active != null && !active.isBlank() && new PrefixLayout(Path.of(active)).isEnvironment()) {
                return Path.of(active).toAbsolutePath();
            }
            throw new UserError("name the environment with -n NAME or -p DIR");
        }
        return require(context, name);
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
