package dev.jconda.spec;

/**
 * Bad input, with where it is: an environment file, a spec, a lockfile, a channel index, a file that is not there.
 * {@link #getMessage()} is the one line a user sees ({@code environment.yml:7:5: invalid spec 'guava>>1': unknown
 * operator '>>'}); the exit code is 2.
 */
public class InputError extends RuntimeException {
    private final String file;
    private final int line;
    private final int column;
    private final String reason;

    public InputError(String file, int line, int column, String reason) {
        super(format(file, line, column, reason));
        this.file = file;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    private static String format(String file, int line, int column, String reason) {
        if (file == null) {
            return reason;
        }
        return line > 0 ? file + ":" + line + ":" + column + ": " + reason : file + ": " + reason;
    }

    public String file() { return file; }

    public int line() { return line; }

    public int column() { return column; }

    public String reason() { return reason; }
}
