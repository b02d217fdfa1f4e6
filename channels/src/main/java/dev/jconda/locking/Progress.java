package dev.jconda.locking;

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

    /**
     * A phase over {@code files} files of {@code bytes} bytes in all ({@code -1}: not known before it runs), so a
     * terminal can show files as well as bytes.
     */
    default void started(String phase, int files, long bytes) {
        started(phase, bytes);
    }

    /** One more file of the current phase is done; it had {@code bytes} bytes. */
    default void fileDone(long bytes) {
        advanced(bytes);
    }

    /** The current phase ended; {@code summary} says what it did ("7 packages for linux-64"). */
    void finished(String summary);
}
