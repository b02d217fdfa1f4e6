package dev.jconda.server;

import dev.jconda.server.config.LogLevel;
import dev.jconda.server.posix.FdOutput;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Gunicorn-format log lines ({@code [time] [pid] [LEVEL] message}) to one fd, one write(2) per line. */
public final class Log {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");

    private final FdOutput out;
    private final LogLevel level;
    private final long pid;

    public Log(FdOutput out, LogLevel level) {
        this.out = out;
        this.level = level;
        this.pid = ProcessHandle.current().pid();
    }

    public boolean enabled(LogLevel l) {
        return l.ordinal() >= level.ordinal();
    }

    public void debug(String message) {
        log(LogLevel.DEBUG, message, null);
    }

    public void info(String message) {
        log(LogLevel.INFO, message, null);
    }

    public void warning(String message) {
        log(LogLevel.WARNING, message, null);
    }

    public void error(String message) {
        log(LogLevel.ERROR, message, null);
    }

    public void error(String message, Throwable t) {
        log(LogLevel.ERROR, message, t);
    }

    public void log(LogLevel l, String message, Throwable t) {
        if (!enabled(l)) {
            return;
        }
        StringBuilder sb = new StringBuilder(96 + message.length());
        sb.append('[').append(ZonedDateTime.now().format(TIME)).append("] [").append(pid).append("] [")
                .append(l.name()).append("] ").append(message);
        if (t != null && enabled(LogLevel.DEBUG)) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            sb.append('\n').append(trace.toString().stripTrailing());
        }
        out.writeLine(sb.toString());
    }
}
