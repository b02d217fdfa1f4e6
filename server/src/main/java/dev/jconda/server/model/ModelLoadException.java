package dev.jconda.server.model;

/** The model could not be loaded; a worker reports it and exits with the boot-error code. */
public final class ModelLoadException extends Exception {
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
