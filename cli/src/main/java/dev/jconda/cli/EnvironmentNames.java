package dev.jconda.cli;

import dev.jconda.prefix.EnvironmentName;

import java.nio.file.Path;

/** Environment names and prefixes, refused up front (before solving, before any lock file) when unusable. */
final class EnvironmentNames {
    private EnvironmentNames() {
    }

    static void check(String name) {
        EnvironmentName.problem(name).ifPresent(problem -> {
            throw new UserError(problem);
        });
    }

    static void checkPrefix(Path prefix) {
        EnvironmentName.prefixProblem(prefix).ifPresent(problem -> {
            throw new UserError(problem);
        });
    }
}
