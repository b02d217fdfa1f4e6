package dev.jconda.cli;

/**
 * jconda's exit codes, the same for every command (documented in the README):
 * <ul>
 *   <li>0: success</li>
 *   <li>1: the work failed: no solution exists, a stale lock under {@code --check}, a download or checksum failed</li>
 *   <li>2: bad input: a malformed environment file or lockfile, a bad spec, an unknown flag or environment</li>
 *   <li>130: interrupted (Ctrl-C); nothing half-made is left behind</li>
 * </ul>
 * {@code jconda run} passes its command's own exit code through.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
