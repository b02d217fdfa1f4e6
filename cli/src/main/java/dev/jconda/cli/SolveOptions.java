package dev.jconda.cli;

import dev.jconda.spec.ChannelPriority;
import picocli.CommandLine.Option;

/** Options shared by the commands that solve: {@code lock}, and through {@link ChangeOptions} every command that changes an environment. */
final class SolveOptions {
    /** {@code --channel-priority}, or null when not given (the file's setting then applies). */
    ChannelPriority channelPriority() {
        if (channelPriority == null) {
            return null;
        }
        return ChannelPriority.parse(channelPriority).orElseThrow(() -> new UserError("--channel-priority "
                + channelPriority + ": expected strict, flexible or disabled"));
    }

    /** Where {@code jconda lock} and {@code env create} tell what channel priority hid. */
    static java.util.function.Consumer<String> notes(Context context) {
        return note -> context.err().println("jconda: note: " + note);
    }

    @Option(names = "--offline", description = "use only jconda's caches; never touch the network")
    boolean offline;

    @Option(names = "--strict-maven", description = "a POM's plain version is exact, not a minimum")
    boolean strictMaven;

    @Option(names = "--channel-priority", paramLabel = "MODE",
            description = "strict (default: a package name found in a channel is never taken from a lower one), "
                    + "flexible (a lower channel only when the higher cannot satisfy) or disabled (versions of all "
                    + "channels merged, highest wins); overrides the file's channel-priority:")
    String channelPriority;

    @Option(names = {"-v", "--verbose"}, description = "print stack traces on errors")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "no progress output")
    boolean quiet;

    @Option(names = "--json", description = "print the result as JSON (no progress, no questions)")
    boolean json;
}
