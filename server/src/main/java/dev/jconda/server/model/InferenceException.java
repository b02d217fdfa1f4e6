package dev.jconda.server.model;

/** The model itself failed on an input (the 500 case); the message is the engine's first line. */
public final class InferenceException extends Exception {
    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
