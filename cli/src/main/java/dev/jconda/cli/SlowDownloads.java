package dev.jconda.cli;

import dev.jconda.cache.DownloadProgress;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CLI's download display: silent while downloads are quick, one line for a file still downloading after
 * {@code slowAfter} (so a trickling mirror is visible, not a silent hang), one line per retry.
 */
final class SlowDownloads implements DownloadProgress {
    private final PrintStream err;
    private final Duration slowAfter;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final DownloadProgress display;

    /** @param display also told of every chunk and retry (a terminal's progress line), or SILENT */
    SlowDownloads(PrintStream err, Duration slowAfter, DownloadProgress display) {
        this.err = err;
        this.slowAfter = slowAfter;
        this.display = display;
    }

    @Override
    public void transferred(String fileName, String url, long bytes, long total, Duration elapsed) {
        display.transferred(fileName, url, bytes, total, elapsed);
        if (elapsed.compareTo(slowAfter) >= 0 && reported.add(url)) {
            double perSecond = bytes / Math.max(0.001, elapsed.toMillis() / 1000.0);
            err.println("jconda: slow download: " + fileName + " from " + host(url) + ", " + size(bytes)
                    + (total >= 0 ? " of " + size(total) : "") + " after " + elapsed.toSeconds() + " s ("
                    + size((long) perSecond) + "/s)");
        }
    }

    @Override
    public void retrying(String fileName, String url, int retry, int maxRetries, String reason, Duration wait) {
        reported.remove(url);
        display.retrying(fileName, url, retry, maxRetries, reason, wait);
        err.println("jconda: retrying " + fileName + " from " + host(url) + " in " + wait.toMillis() / 1000.0
                + " s (retry " + retry + " of " + maxRetries + "): " + reason);
    }

    private static String host(String url) {
        String host = URI.create(url).getHost();
        return host == null ? url : host;
    }

    private static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KB", bytes / 1024.0);
        }
        return String.format("%.1f MB", bytes / (1024.0 * 1024));
    }
}
