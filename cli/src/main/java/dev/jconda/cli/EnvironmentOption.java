package dev.jconda.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code -n NAME} or {@code -p DIR}: the environment a reading command works on. */
final class EnvironmentOption {
    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "the environment")
    String name;

    @Option(names = {"-p", "--prefix"}, paramLabel = "DIR", description = "an environment by its folder")
    Path prefix;

    Path resolve(Context context) {
        return InstalledEnvironments.resolve(context, name, prefix);
    }
}
