package dev.jconda.cli;

import dev.jconda.cache.CacheError;
import dev.jconda.locking.SolveFailed;
import dev.jconda.prefix.InstallError;
import dev.jconda.solve.ProviderException;
import dev.jconda.spec.InputError;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one place where failures become a line on stderr and an exit code. Users see one line, never a stack trace,
 * unless they ask for it with {@code --verbose} (or {@code JCONDA_DEBUG=1}).
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    private final Context context;

    ErrorReporter(Context context) {
        this.context = context;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        int code = exitCode(e);
        // a solver explanation is a derivation, one step a line; everything else is one line
        String text = e instanceof SolveFailed ? e.getMessage().strip() : oneLine(e);
        if (System.console() != null) {
            context.err().print("\r\033[K"); // over a progress line left unfinished
        }
        context.err().println("jconda: error: " + text);
        boolean verbose = parsed != null && parsed.expandedArgs().contains("--verbose")
                || "1".equals(context.env().get("JCONDA_DEBUG"));
        if (verbose) {
            e.printStackTrace(context.err());
        }
        return code;
    }

    static int exitCode(Throwable e) {
        return switch (e) {
            case InputError s -> ExitCodes.BAD_INPUT;
            case UserError u -> ExitCodes.BAD_INPUT;
            case SolveFailed s -> ExitCodes.FAILED;
            case LockCommand.StaleLock s -> ExitCodes.FAILED;
            case ProviderException p -> ExitCodes.FAILED;
            case CacheError c -> ExitCodes.FAILED;
            case InstallError i -> ExitCodes.FAILED;
            case dev.jconda.deploy.DeployError d -> d.kind() == dev.jconda.deploy.DeployError.Kind.BAD_INPUT
                    ? ExitCodes.BAD_INPUT : ExitCodes.FAILED;
            case java.util.concurrent.CancellationException c -> ExitCodes.INTERRUPTED;
            default -> ExitCodes.FAILED;
        };
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            message = e.getClass().getSimpleName() + ": " + message;
        }
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
