package dev.jconda.spec;

/**
 * The old name of {@link InputError}, from when it reported only spec syntax; kept so code written against it still
 * compiles. Throw and catch {@link InputError}.
 */
@Deprecated
public final class SpecSyntaxError extends InputError {
    public SpecSyntaxError(String file, int line, int column, String reason) {
        super(file, line, column, reason);
    }
}
