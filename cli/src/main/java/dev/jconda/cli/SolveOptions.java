package dev.jconda.cli;

import picocli.CommandLine.Option;

/** Options shared by the commands that solve: {@code lock}, and through {@link ChangeOptions} every command that changes an environment. */
final class SolveOptions {
    @Option(names = "--offline", description = "use only jconda's caches; never touch the network")
    boolean offline;

    @Option(names = "--strict-maven", description = "a POM's plain version is exact, not a minimum")
    boolean strictMaven;

    @Option(names = {"-v", "--verbose"}, description = "print stack traces on errors")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "no progress output")
    boolean quiet;

    @Option(names = "--json", description = "print the result as JSON (no progress, no questions)")
    boolean json;
}
