package dev.jconda.server.config;

/** A bad flag, value or config file line; reported as one line and exit code 2 by {@code Main}. */
public final class UsageError extends Exception {
    public UsageError(String message) {
        super(message);
    }
}
