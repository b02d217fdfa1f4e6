package dev.jconda.spec;

/**
 * Where a value stood in the file it came from (1-based), so that a stage after parsing (channel resolution, say)
 * can still point at the line; {@link #NONE} for values given on the command line.
 */
public record SourcePosition(int line, int column) {
    public static final SourcePosition NONE = new SourcePosition(0, 0);

    /** The error at this position of {@code file}; without a position, at the file alone. */
    public InputError error(String file, String reason) {
        return new InputError(file, line, column, reason);
    }
}
