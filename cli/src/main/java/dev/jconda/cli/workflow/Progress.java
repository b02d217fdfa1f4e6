package dev.jconda.cli.workflow;

/**
 * What a long command tells its user while it works, phase by phase: solve, download (bytes), install (extract and
 * link). The services call it; the command decides how it shows (a live line on a terminal, one line per finished
 * phase in a log, nothing under {@code --quiet} or {@code --json}).
 */
public interface Progress {
    Progress NONE = new Progress() {
        @Override
        public void started(String phase, long total) {
        }

        @Override
        public void advanced(long done) {
        }

        @Override
        public void finished(String summary) {
        }
    };

    /** A phase begins; {@code total} is its size in bytes, or -1 when it has no measure. */
    void started(String phase, long total);

    /** {@code done} more bytes of the current phase are done. */
    void advanced(long done);

    /** The current phase ended; {@code summary} says what it did ("7 packages for linux-64"). */
    void finished(String summary);
}
