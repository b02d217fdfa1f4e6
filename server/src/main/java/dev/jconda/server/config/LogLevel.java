package dev.jconda.server.config;

import java.util.Locale;

/** Gunicorn's log levels. */
public enum LogLevel {
    DEBUG, INFO, WARNING, ERROR, CRITICAL;

    public static LogLevel parse(String value) throws UsageError {
        String v = value.toUpperCase(Locale.ROOT);
        if (v.equals("WARN")) {
            return WARNING;
        }
        try {
            return valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--log-level: expected debug, info, warning, error or critical, got '" + value + "'");
        }
    }

    public String flagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
