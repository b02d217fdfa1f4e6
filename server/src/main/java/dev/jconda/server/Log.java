package dev.jconda.server;

import dev.jconda.server.config.LogLevel;
import dev.jconda.server.posix.FdOutput;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Gunicorn-format log lines ({@code [time] [pid] [LEVEL] message}) to one fd, one write(2) per line. With
 * {@code JCONDA_SERVER_LOG_FORMAT=json} (in a container, for Loki or ELK) each line is instead one JSON object
 * ({@code time}, {@code pid}, {@code level}, {@code message}) on stdout; workers inherit the variable.
 */
public final class Log {
    public static final String FORMAT_ENV = "JCONDA_SERVER_LOG_FORMAT";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");

    private final FdOutput out;
    private final LogLevel level;
    private final long pid;
    private final boolean json;

    public Log(FdOutput out, LogLevel level) {
        this(out, level, "json".equalsIgnoreCase(System.getenv(FORMAT_ENV)));
    }

    /** @param json JSON lines on a private copy of stdout instead of text on {@code out} */
    public Log(FdOutput out, LogLevel level, boolean json) {
        this.out = json ? FdOutput.duplicate(1) : out;
        this.level = level;
        this.pid = ProcessHandle.current().pid();
        this.json = json;
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
        if (json) {
            out.writeLine(jsonLine(l, message, t));
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

    private String jsonLine(LogLevel l, String message, Throwable t) {
        dev.jconda.server.buffer.ByteSink sink = new dev.jconda.server.buffer.ByteSink(128 + message.length());
        sink.ascii("{\"time\":");
        dev.jconda.server.json.JsonWriter.string(sink, java.time.OffsetDateTime.now().toString());
        sink.ascii(",\"pid\":").ascii(Long.toString(pid)).ascii(",\"level\":\"").ascii(l.name()).ascii("\",\"message\":");
        dev.jconda.server.json.JsonWriter.string(sink, message);
        if (t != null) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            sink.ascii(",\"exception\":");
            dev.jconda.server.json.JsonWriter.string(sink, trace.toString().stripTrailing());
        }
        sink.append('}');
        return new String(sink.array(), 0, sink.size(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
