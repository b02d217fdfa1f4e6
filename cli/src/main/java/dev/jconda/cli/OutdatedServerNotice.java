package dev.jconda.cli;

import dev.jconda.cli.workflow.ServerTool;
import dev.jconda.prefix.EnvironmentHistory;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Tells a user that an environment serves the server it was installed with, not this jconda's, and how to take this
 * one's: re-installing its present revision (same packages, no solve) copies this jconda's server in.
 */
final class OutdatedServerNotice {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private OutdatedServerNotice() {
    }

    /** The notice for the environment at {@code prefix}; empty when it serves this jconda's server. */
    static Optional<String> of(Context context, Path prefix) {
        return ServerTool.outdated(prefix, context.serverJar()).map(outdated -> {
            String name = prefix.getFileName().toString();
            int revision = EnvironmentHistory.read(prefix).revisions().stream()
                    .mapToInt(EnvironmentHistory.Revision::number).max().orElse(0);
            return "environment " + name + " serves the server copied into it at " + when(outdated.copied()) + " ("
                    + prefix.relativize(outdated.copy()) + "), " + (outdated.older() ? "older than" : "not")
                    + " this jconda's (built " + when(outdated.built()) + "): an environment keeps the server it was "
                    + "installed with; to take this jconda's: jconda install -n " + name + " --revision " + revision
                    + " -y";
        });
    }

    private static String when(FileTime time) {
        return WHEN.format(time.toInstant().atZone(ZoneId.systemDefault()));
    }
}
