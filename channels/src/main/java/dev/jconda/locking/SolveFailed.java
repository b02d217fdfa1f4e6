package dev.jconda.locking;

/** No consistent set of packages exists; the message is the solver's explanation. */
public final class SolveFailed extends RuntimeException {
    public SolveFailed(String message) {
        super(message);
    }
}
