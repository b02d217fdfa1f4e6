package dev.jconda.server.logging;

import dev.jconda.server.config.LogLevel;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** One library logger; its records go one level down (see {@link LibraryLogs}), trace is dropped. */
final class LibraryLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    LibraryLogger(String name) {
        this.name = name;
    }

    private static LogLevel serverLevel(Level level) {
        return switch (level) {
            case ERROR -> LogLevel.WARNING;
            case WARN, INFO, DEBUG -> LogLevel.DEBUG;
            case TRACE -> null;
        };
    }

    private static boolean on(Level level) {
        LogLevel l = serverLevel(level);
        return l != null && LibraryLogs.enabled(l);
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public boolean isDebugEnabled() {
        return on(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return on(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return on(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return on(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        LogLevel l = serverLevel(level);
        if (l != null && LibraryLogs.enabled(l)) {
            LibraryLogs.log(l, name, MessageFormatter.basicArrayFormat(pattern, arguments), throwable);
        }
    }
}
