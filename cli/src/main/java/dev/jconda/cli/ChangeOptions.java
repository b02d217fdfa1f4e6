package dev.jconda.cli;

import dev.jconda.cli.workflow.Environments;
import dev.jconda.cli.workflow.PackageDiff;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.List;

/**
 * What every command that changes an environment shares: {@code -y/--yes} (as conda's), the solve options, and the
 * step that shows the planned change and asks before doing it, on a terminal only (a script is never stopped by a
 * question it cannot answer).
 */
final class ChangeOptions {
    @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation")
    boolean yes;

    @picocli.CommandLine.Mixin
    SolveOptions solveOptions = new SolveOptions();

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    Environments.SolveSettings solve() {
        return new Environments.SolveSettings(solveOptions.offline, solveOptions.strictMaven,
                solveOptions.channelPriority());
    }

    /** The command as the user typed it, for the environment's history. */
    String commandLine() {
        List<String> args = command.root().commandLine().getParseResult().originalArgs();
        StringBuilder out = new StringBuilder("jconda");
        for (String a : args) {
            out.append(' ').append(a.isEmpty() || a.matches(".*[\\s'\"$`\\\\].*")
                    ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return out.toString();
    }

    /** Prints the plan; on a terminal without {@code -y}, asks. False when the user says no. */
    boolean confirm(Context context, Environments.Plan plan) {
        PackageDiff diff = plan.diff();
        if (diff.isEmpty() || solveOptions.json) {
            return true;
        }
        context.out().println("Changes to environment " + plan.name() + " (" + plan.prefix() + "):");
        diff.lines().forEach(context.out()::println);
        return yes || ask("Proceed");
    }

    /** conda's question, asked only on a terminal (no console: stdin or stdout is not one); true elsewhere. */
    static boolean ask(String question) {
        java.io.Console console = System.console();
        if (console == null) {
            return true;
        }
        String answer = console.readLine(question + " ([y]/n)? ");
        return answer != null && (answer.isBlank() || answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y"));
    }

    /** The one service every changing command uses, reporting progress as these options say. */
    /** The environments service for a command that changes one; stale temporaries are swept first. */
    Environments environments(Context context) {
        BeforeWriting.prepare(context.home());
        dev.jconda.locking.Progress progress = PhaseReporter.of(context, solveOptions.quiet || solveOptions.json);
        return new Environments(context.home(), context.env(), p -> context.virtualPackages().forPlatform(p),
                context.serverJar(), java.time.Clock.systemDefaultZone(), testPauseBeforeCommit(context),
                progress, SolveOptions.notes(context), context.packageCache(PhaseReporter.downloads(progress)));
    }

    boolean json() {
        return solveOptions.json;
    }

    /** {@code JCONDA_TEST_PAUSE_BEFORE_COMMIT_MS}: for tests that kill a create just before it would finish. */
    private static java.time.Duration testPauseBeforeCommit(Context context) {
        String ms = context.env().get("JCONDA_TEST_PAUSE_BEFORE_COMMIT_MS");
        return ms == null || ms.isBlank() ? java.time.Duration.ZERO : java.time.Duration.ofMillis(Long.parseLong(ms));
    }
}
