package dev.jconda.cache;

import java.time.Duration;

/**
 * What a download tells the user, through whatever display the CLI passes in (one line for a slow file today; a
 * progress bar can implement the same calls). Called from several download threads at once.
 */
public interface DownloadProgress {
    DownloadProgress SILENT = new DownloadProgress() {
        @Override
        public void transferred(String fileName, String url, long bytes, long total, Duration elapsed) {
        }

        @Override
        public void retrying(String fileName, String url, int retry, int maxRetries, String reason, Duration wait) {
        }
    };

    /** After each chunk; {@code total} is -1 when the server did not say. */
    void transferred(String fileName, String url, long bytes, long total, Duration elapsed);

    /** An attempt failed in a way worth another try, which starts after {@code wait}. */
    void retrying(String fileName, String url, int retry, int maxRetries, String reason, Duration wait);
}
