package dev.jconda.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * One file over HTTP(S), through the process's {@link HttpTransport}, with the waits bounded: a connect timeout, a
 * timeout for the response's headers, a read timeout that fires when no byte arrives for that long (the connection's
 * own), and bounded retries with exponential backoff for what may pass (a
 * reset, a timeout, a short body, HTTP 408, 429 and 5xx). GETs are idempotent, so a retry starts the file again; a
 * 404, a refused connection or a checksum mismatch is not retried. Redirects are followed by the client: http to
 * https, never https to http.
 */
final class HttpDownload {
    private final DownloadPolicy policy;
    private final DownloadProgress progress;
    private final HttpTransport transport;

    HttpDownload(HttpTransport transport, DownloadProgress progress) {
        this.policy = transport.policy();
        this.progress = progress;
        this.transport = transport;
    }

    /** @param authenticator answers a server's 401 (credentials from Maven's settings.xml); may be null */
    HttpDownload(DownloadPolicy policy, DownloadProgress progress, java.net.Authenticator authenticator) {
        this(new HttpTransport(policy, authenticator, HttpTransport.DEFAULT_CONCURRENCY), progress);
    }

    /** Downloads {@code url} into {@code file} (replacing what is there) and returns all its checksums. */
    Checksums fetch(String url, String fileName, Path file) throws IOException, InterruptedException {
        return fetch(url, fileName, file, null);
    }

    /** The same, computing only the checksums {@code expected} names (null: all). */
    Checksums fetch(String url, String fileName, Path file, PackageCache.Expected expected)
            throws IOException, InterruptedException {
        return fetch(url, fileName, file, expected, DownloadTap.NONE);
    }

    /** The same, {@code tap} following each attempt's file as it is written. */
    Checksums fetch(String url, String fileName, Path file, PackageCache.Expected expected, DownloadTap tap)
            throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            DownloadTap.Attempt tapped = tap.begin(file);
            boolean ended = false;
            try {
                Checksums sums = once(url, fileName, file, expected, tapped);
                tapped.ended();
                ended = true;
                return sums;
            } catch (Transient e) {
                if (attempt >= policy.maxRetries()) {
                    throw new IOException(e.getMessage() + " (after " + (attempt + 1) + " attempts)", e);
                }
                Duration wait = policy.waitBefore(attempt + 1);
                progress.retrying(fileName, url, attempt + 1, policy.maxRetries(), e.getMessage(), wait);
                Thread.sleep(wait);
            } finally {
                if (!ended) {
                    tapped.abandon();
                }
            }
        }
    }

    private Checksums once(String url, String fileName, Path file, PackageCache.Expected expected,
                           DownloadTap.Attempt tapped) throws IOException, InterruptedException {
        long started = System.nanoTime();
        HttpTransport.BodyStream response;
        try {
            response = transport.stream(URI.create(url));
        } catch (HttpTimeoutException e) {
            throw new Transient("timed out: no response within " + seconds(policy.readTimeout()));
        } catch (java.net.ConnectException refused) {
            throw refused; // nothing listens there: waiting seconds will not change that
        } catch (IOException e) {
            throw new Transient(describe(e));
        }
        int status = response.statusCode();
        if (status != 200) {
            response.body().close();
            String location = response.location();
            if (status >= 300 && status <= 399 && !location.isEmpty()) {
                throw new IOException("refusing a redirect from " + url + " to " + location);
            }
            String reason = "HTTP " + status;
            if (status == 408 || status == 429 || status >= 500) {
                throw new Transient(reason);
            }
            throw new IOException(reason);
        }
        long total = response.contentLength();
        try (InputStream in = response.body(); OutputStream out = new Written(overwrite(file), tapped)) {
            Counting counting = new Counting(in, fileName, url, total, started);
            try {
                Checksums sums = Checksums.copy(counting, out, expected);
                if (total >= 0 && counting.bytes != total) {
                    throw new Transient("connection closed after " + counting.bytes + " of " + total + " bytes");
                }
                return sums;
            } catch (Transient e) {
                throw e;
            } catch (IOException e) {
                if (e instanceof java.net.SocketTimeoutException) {
                    // the connection's read timeout: no byte for that long
                    throw new Transient("timed out: no data for " + seconds(policy.readTimeout()));
                }
                // a dropped connection mid-body may say only "closed" or "Premature EOF": say how far it got
                throw new Transient(total >= 0 ? "connection closed after " + counting.bytes + " of " + total
                        + " bytes (" + describe(e) + ")" : describe(e));
            }
        }
    }

    /** Reports progress as bytes arrive. */
    private final class Counting extends java.io.FilterInputStream {
        private final String fileName;
        private final String url;
        private final long total;
        private final long started;
        long bytes;

        Counting(InputStream in, String fileName, String url, long total, long started) {
            super(in);
            this.fileName = fileName;
            this.url = url;
            this.total = total;
            this.started = started;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                bytes += n;
                progress.transferred(fileName, url, bytes, total, Duration.ofNanos(System.nanoTime() - started));
            }
            return n;
        }
    }

    /**
     * {@code file} to be written from its start, replacing what it holds, without opening it with {@code O_TRUNC}
     * when it is empty (the package cache's new temporary file). ext4 takes a truncated file that is written again for
     * a replace-by-truncate and, at its close, starts writing its delayed blocks out in the closing thread
     * ({@code auto_da_alloc}): libtorch's 110 MB jar took 35-43 ms to close, after its last byte and before the create
     * could go on; opened without truncating, 0-4 ms.
     */
    static OutputStream overwrite(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            channel.truncate(0); // no system call at all when the file is empty
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return Channels.newOutputStream(channel);
    }

    /** Tells the tap how many bytes are on the file after each write (an unbuffered file: they are). */
    private static final class Written extends java.io.FilterOutputStream {
        private final DownloadTap.Attempt tapped;
        private long bytes;

        Written(OutputStream file, DownloadTap.Attempt tapped) {
            super(file);
            this.tapped = tapped;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            tapped.written(++bytes);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bytes += len;
            tapped.written(bytes);
        }
    }

    /** A failure another attempt may not have. */
    private static final class Transient extends IOException {
        Transient(String message) {
            super(message);
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
                + e.getMessage();
    }
}
