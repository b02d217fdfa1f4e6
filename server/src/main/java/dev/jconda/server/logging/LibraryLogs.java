package dev.jconda.server.logging;

import dev.jconda.server.Log;
import dev.jconda.server.config.LogLevel;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the libraries' SLF4J records (DJL, its engines) go: the worker's own log, one level lower than the library
 * said, so that DJL's routine warnings ("Failed to detect GPU count" on a CPU machine, "Simple repository pointing to
 * a non-archive file" for every .pt file) show only with {@code --log-level debug}, and its errors as warnings.
 *
 * <p>SLF4J instantiates its provider itself, through ServiceLoader, so the worker hands its {@link Log} over here:
 * the one piece of process-wide state, set once before the first library class logs.
 */
public final class LibraryLogs {
    private static final AtomicReference<Log> TARGET = new AtomicReference<>();
    /** The SLF4J 2 property that picks a provider by class name, ahead of any other binding on the classpath. */
    public static final String PROVIDER_PROPERTY = "slf4j.provider";

    private LibraryLogs() {}

    /** Sends library logs to {@code log}; must run before any library class creates its logger. */
    public static void routeTo(Log log) {
        TARGET.set(log);
        System.setProperty(PROVIDER_PROPERTY, ServerSlf4jProvider.class.getName());
        // Otherwise SLF4J itself reports the chosen provider on stderr at every worker start.
        System.setProperty("slf4j.internal.verbosity", "WARN");
    }

    static boolean enabled(LogLevel level) {
        Log log = TARGET.get();
        return log != null && log.enabled(level);
    }

    static void log(LogLevel level, String logger, String message, Throwable t) {
        Log log = TARGET.get();
        if (log != null) {
            log.log(level, "[" + logger + "] " + message, t);
        }
    }
}
