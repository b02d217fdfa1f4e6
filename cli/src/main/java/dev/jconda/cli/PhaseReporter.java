package dev.jconda.cli;

import dev.jconda.cache.DownloadProgress;
import dev.jconda.locking.Progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Progress} shown to a person. On a terminal, one live line on stderr, redrawn at most ten times a second
 * (phase, bytes, rate, elapsed time), and twice a second while nothing advances so a long download still shows it is
 * alive; elsewhere (a CI log) one line per finished phase on stdout, with its duration. Bytes advance as each file
 * arrives and, on a terminal, within a file as its download goes ({@link #downloads}). A phase over files (the
 * lock's checksum lookups, the create's downloads) also counts files, which is what a cold lock has to show: its
 * bytes are only sizes.
 */
final class PhaseReporter implements Progress {
    private final PrintStream out;
    private final PrintStream live;
    private String phase = "";
    private long total = -1;
    private long done;
    private int files = -1;
    private int filesDone;
    private long startedAt;
    private long drawnAt;
    private Thread ticker;
    private boolean active;
    /** Bytes so far of the downloads still running, by URL: what a terminal shows before their files are done. */
    private final Map<String, Long> inFlight = new ConcurrentHashMap<>();
    /** A download reported bytes in this phase: its bytes are bytes, so a rate means something. */
    private volatile boolean downloading;

    /** @param live where a terminal's live line goes; null where there is no terminal */
    private PhaseReporter(PrintStream out, PrintStream live) {
        this.out = out;
        this.live = live;
    }

    /** The reporter for this process: live on a terminal, phase lines otherwise, silent when quiet. */
    static Progress of(Context context, boolean quiet) {
        if (quiet) {
            return Progress.NONE;
        }
        return new PhaseReporter(context.out(), System.console() != null ? context.err() : null);
    }

    @Override
    public synchronized void started(String phase, long total) {
        started(phase, -1, total);
    }

    /**
     * The package cache's download reports for {@code progress}, so a large file's bytes and rate move while it
     * downloads; silent for any other {@link Progress} (quiet, JSON).
     */
    static DownloadProgress downloads(Progress progress) {
        return progress instanceof PhaseReporter reporter && reporter.live != null ? reporter.new InFlight()
                : DownloadProgress.SILENT;
    }

    private final class InFlight implements DownloadProgress {
        @Override
        public void transferred(String fileName, String url, long bytes, long total, java.time.Duration elapsed) {
            downloading = true;
            if (total >= 0 && bytes >= total) {
                inFlight.remove(url); // the file is done: its bytes come with fileDone
            } else {
                inFlight.put(url, bytes);
            }
            synchronized (PhaseReporter.this) {
                draw(false);
            }
        }

        @Override
        public void retrying(String fileName, String url, int retry, int maxRetries, String reason,
                             java.time.Duration wait) {
            inFlight.remove(url);
        }
    }

    @Override
    public synchronized void started(String phase, int files, long total) {
        inFlight.clear();
        downloading = false;
        this.files = files;
        this.filesDone = 0;
        this.phase = phase;
        this.total = total;
        this.done = 0;
        this.startedAt = System.nanoTime();
        this.drawnAt = 0;
        this.active = true;
        draw(true);
        if (live != null && ticker == null) {
            ticker = Thread.ofVirtual().name("jconda-progress").start(this::tick);
        }
    }

    private void tick() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(500);
                synchronized (this) {
                    draw(true);
                }
            }
        } catch (InterruptedException e) {
            // the phase finished
        }
    }

    @Override
    public synchronized void fileDone(long bytes) {
        filesDone++;
        advanced(bytes);
    }

    @Override
    public synchronized void advanced(long bytes) {
        done += bytes;
        draw(false);
    }

    @Override
    public synchronized void finished(String summary) {
        Duration took = Duration.ofNanos(System.nanoTime() - startedAt);
        active = false;
        if (ticker != null) {
            ticker.interrupt();
            ticker = null;
        }
        String line = String.format(Locale.ROOT, "%-9s %s (%.1f s)", phase, summary, took.toMillis() / 1000.0);
        if (live != null) {
            live.print("\r\033[K");
            live.flush();
        }
        out.println(line);
    }

    private void draw(boolean force) {
        if (live == null || !active) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - drawnAt < 100_000_000L) {
            return;
        }
        drawnAt = now;
        double seconds = Math.max(1e-3, (now - startedAt) / 1e9);
        long done = this.done + inFlight.values().stream().mapToLong(Long::longValue).sum();
        if (total > 0) {
            done = Math.min(done, total); // a download of unknown length stays counted until its phase ends
        }
        String count = files >= 0 ? " " + filesDone + "/" + files + " files" : "";
        String rate = "  " + size((long) (done / seconds)) + "/s";
        String measure = total > 0 ? " " + size(done) + " / " + size(total) + rate
                // sizes unknown (a channel index need not give them): the bytes so far, and their rate once downloading
                : files >= 0 ? (done > 0 ? ", " + size(done) + (downloading ? rate : "") : "") : " ...";
        measure = count + (total > 0 && !count.isEmpty() ? "," : "") + measure;
        live.print("\r\033[K" + phase + measure + String.format(Locale.ROOT, "  %.0f s", seconds));
        live.flush();
    }

    static String size(long bytes) {
        return dev.jconda.cache.ByteSize.human(bytes);
    }
}
