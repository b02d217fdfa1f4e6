package dev.jconda.cache;

/** A package could not be put into or found in the cache; the message names the file and why. */
public final class CacheError extends RuntimeException {
    public CacheError(String message) {
        super(message);
    }

    public CacheError(String message, Throwable cause) {
        super(message, cause);
    }
}
