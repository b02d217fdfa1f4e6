package dev.jconda.server.json;

/** Why a request body cannot be turned into a tensor; the message is what the client reads in the 400. */
public final class BodyError extends Exception {
    /** The seed app's wording for an empty body, a non-object or an object without "input". */
    public static final String MISSING_INPUT = "Missing input";

    public BodyError(String message) {
        super(message, null, false, false);
    }

    public static BodyError missingInput() {
        return new BodyError(MISSING_INPUT);
    }
}
