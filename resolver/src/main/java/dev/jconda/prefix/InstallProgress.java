package dev.jconda.prefix;

/**
 * What the installer tells its caller step by step, so a user sees the two steps that take time apart: native
 * bundles unpacked ({@link Step#EXTRACT}), then jars hard-linked into the prefix ({@link Step#LINK}). The CLI turns it
 * into its phase display; the installer knows nothing of terminals.
 */
public interface InstallProgress {
    InstallProgress NONE = new InstallProgress() {
        @Override
        public void started(Step step, int files, long bytes) {
        }

        @Override
        public void fileDone(long bytes) {
        }

        @Override
        public void finished(Step step, String summary) {
        }
    };

    enum Step {
        EXTRACT("extract"), LINK("link");

        private final String label;

        Step(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A step begins over {@code files} files of {@code bytes} bytes in all. */
    void started(Step step, int files, long bytes);

    /** One more file of the current step is done; it had {@code bytes} bytes. */
    void fileDone(long bytes);

    /** The step ended; {@code summary} says what it did ("2 native bundles unpacked, 41.0 MiB"). */
    void finished(Step step, String summary);
}
