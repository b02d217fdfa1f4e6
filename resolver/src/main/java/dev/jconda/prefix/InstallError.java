package dev.jconda.prefix;

/** An environment could not be created; nothing was left behind. */
public final class InstallError extends RuntimeException {
    public InstallError(String message) {
        super(message);
    }

    public InstallError(String message, Throwable cause) {
        super(message, cause);
    }
}
