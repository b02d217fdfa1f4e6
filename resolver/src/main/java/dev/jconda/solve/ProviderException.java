package dev.jconda.solve;

/** A channel or repository could not answer (network, a broken POM, a missing descriptor); says which and why. */
public class ProviderException extends RuntimeException {
    public ProviderException(String message) {
        super(message);
    }

    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
