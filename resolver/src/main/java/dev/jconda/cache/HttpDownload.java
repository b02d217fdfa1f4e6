package dev.jconda.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One file over HTTP(S), with the waits bounded: a connect timeout, a read timeout that fires when no byte arrives
 * for that long (HttpClient's request timeout covers only the headers), and bounded retries with exponential
 * backoff for what may pass (a reset, a timeout, a short body, HTTP 408, 429 and 5xx). GETs are idempotent, so a
 * retry starts the file again; a 404, a refused connection or a checksum mismatch is not retried.
 */
final class HttpDownload {
    private final DownloadPolicy policy;
    private final DownloadProgress progress;
    private final java.net.Authenticator authenticator;

    /** @param authenticator answers a server's 401 (credentials from Maven's settings.xml); may be null */
    HttpDownload(DownloadPolicy policy, DownloadProgress progress, java.net.Authenticator authenticator) {
        this.policy = policy;
        this.progress = progress;
        this.authenticator = authenticator;
    }

    /** Downloads {@code url} into {@code file} (replacing what is there) and returns its checksums. */
    Checksums fetch(String url, String fileName, Path file) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                return once(url, fileName, file);
            } catch (Transient e) {
                if (attempt >= policy.maxRetries()) {
                    throw new IOException(e.getMessage() + " (after " + (attempt + 1) + " attempts)", e);
                }
                Duration wait = policy.waitBefore(attempt + 1);
                progress.retrying(fileName, url, attempt + 1, policy.maxRetries(), e.getMessage(), wait);
                Thread.sleep(wait);
            }
        }
    }

    private Checksums once(String url, String fileName, Path file) throws IOException {
        long started = System.nanoTime();
        HttpURLConnection c = connect(url);
        try {
            int status = c.getResponseCode();
            if (status != 200) {
                String reason = "HTTP " + status;
                if (status == 408 || status == 429 || status >= 500) {
                    throw new Transient(reason);
                }
                throw new IOException(reason);
            }
            long total = c.getContentLengthLong();
            try (InputStream in = c.getInputStream(); OutputStream out = Files.newOutputStream(file)) {
                Counting counting = new Counting(in, fileName, url, total, started);
                Checksums sums = Checksums.copy(counting, out);
                if (total >= 0 && counting.bytes != total) {
                    throw new Transient("connection closed after " + counting.bytes + " of " + total + " bytes");
                }
                return sums;
            } catch (SocketTimeoutException e) {
                throw new Transient("no data for " + seconds(policy.readTimeout()));
            } catch (Transient e) {
                throw e;
            } catch (IOException e) {
                throw new Transient(describe(e));
            }
        } finally {
            c.disconnect();
        }
    }

    /**
     * Opens the URL and follows up to five redirects itself: HttpURLConnection alone does not follow http to https
     * (mirrors do that); https to http is refused, as HttpClient's NORMAL policy does.
     */
    private HttpURLConnection connect(String url) throws IOException {
        URI target = URI.create(url);
        for (int hop = 0; hop <= 5; hop++) {
            HttpURLConnection c = (HttpURLConnection) target.toURL().openConnection();
            c.setConnectTimeout((int) Math.max(1, policy.connectTimeout().toMillis()));
            c.setReadTimeout((int) Math.max(1, policy.readTimeout().toMillis()));
            c.setInstanceFollowRedirects(false);
            if (authenticator != null) {
                c.setAuthenticator(authenticator);
            }
            c.setRequestProperty("User-Agent", "jconda");
            int status;
            try {
                status = c.getResponseCode();
            } catch (SocketTimeoutException e) {
                c.disconnect();
                throw new Transient("no response within " + seconds(policy.readTimeout()));
            } catch (java.net.ConnectException refused) {
                c.disconnect();
                throw refused; // nothing listens there: waiting seconds will not change that
            } catch (IOException e) {
                c.disconnect();
                throw new Transient(describe(e));
            }
            String location = c.getHeaderField("Location");
            if (status < 300 || status > 399 || status == 304 || location == null) {
                return c;
            }
            c.disconnect();
            URI next = target.resolve(location);
            if ("https".equals(target.getScheme()) && !"https".equals(next.getScheme())) {
                throw new IOException("refusing a redirect from https to " + next);
            }
            target = next;
        }
        throw new IOException("more than five redirects from " + url);
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
