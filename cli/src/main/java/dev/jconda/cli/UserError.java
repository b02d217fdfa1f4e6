package dev.jconda.cli;

/** Bad input the user can fix (an unknown environment, a missing file); exit code 2. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
