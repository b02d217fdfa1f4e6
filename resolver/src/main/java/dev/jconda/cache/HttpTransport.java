package dev.jconda.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one HTTP client of a jconda process for small files: checksum files, HEAD requests, channel indexes. One
 * client means one connection pool, so an HTTP/2 repository (Maven Central is one) multiplexes every lookup of a
 * lock over a single connection instead of opening one per class. Requests are idempotent, so a reset, a timeout,
 * HTTP 408, 429 or 5xx is asked again after {@link DownloadPolicy#waitBefore growing waits}; a refused connection
 * is not (nothing listens there). At most {@code maxConcurrent} requests are in flight at once, however many
 * threads ask: a lock asks for hundreds of files at the same time and a repository should not see them all at once.
 * Package files themselves, few and large, are streamed over a connection each ({@link #stream}).
 */
public final class HttpTransport implements AutoCloseable {
    /**
     * Concurrent requests when the caller does not say: enough to hide latency (a cold lock of Spark asks about 600
     * small files), within the 100 streams an HTTP/2 server usually allows on one connection.
     */
    public static final int DEFAULT_CONCURRENCY = 64;
    /** Redirects followed for one package file: HttpClient's own limit. */
    private static final int MAX_REDIRECTS = 5;

    private final DownloadPolicy policy;
    private final java.net.Authenticator authenticator;
    private final Semaphore permits;
    private HttpClient client;

    /** @param authenticator answers a server's 401 (credentials from Maven's settings.xml); may be null */
    public HttpTransport(DownloadPolicy policy, java.net.Authenticator authenticator, int maxConcurrent) {
        this.policy = policy;
        this.authenticator = authenticator;
        this.permits = new Semaphore(maxConcurrent);
    }

    /** Built on the first request: a warm lock asks nothing over HTTP and should not pay for a client's threads. */
    private synchronized HttpClient client() {
        if (client == null) {
            HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                    .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(policy.connectTimeout());
            client = (authenticator == null ? builder : builder.authenticator(authenticator)).build();
        }
        return client;
    }

    public HttpTransport(DownloadPolicy policy) {
        this(policy, null, DEFAULT_CONCURRENCY);
    }

    /**
     * Stops the client's selector thread. It waits in {@code epoll_wait}, and the JVM's exit waits up to 300 ms for any
     * thread in a native call: every command that had used the network ended a third of a second after its work.
     */
    @Override
    public synchronized void close() {
        if (client != null) {
            client.shutdownNow();
            try {
                client.awaitTermination(java.time.Duration.ofMillis(200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public DownloadPolicy policy() {
        return policy;
    }

    /** GETs {@code uri} with these request headers; any status comes back once retries are spent. */
    public HttpResponse<byte[]> get(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(policy.readTimeout())
                .header("User-Agent", "jconda").GET();
        headers.forEach(request::header);
        return send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** HEADs {@code uri}: whether it is there and its length, without the body. */
    public HttpResponse<Void> head(URI uri) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).timeout(policy.readTimeout()).header("User-Agent", "jconda")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }

    /** A package file's response: its status, where a redirect pointed, its declared length and its body. */
    public record BodyStream(int statusCode, String location, long contentLength, InputStream body) {
    }

    /**
     * One GET of a package file, its body streamed: not retried here (the caller starts a failed file again), not
     * counted against the bound (files are few, their bytes many), each on a blocking HTTP/1.1 connection of its own
     * ({@link HttpURLConnection}): for one 110 MB jar it read, hashed and wrote the body in 1.2-1.3 s with 1.7 s of
     * CPU, where the asynchronous client read and hashed it in 1.6-1.9 s with 2.3-2.5 s of CPU (libtorch, single
     * downloads in new JVMs on this project's 2-core machine; curl 0.3 s). Redirects are followed as the client
     * follows them, http to https but never https to http, at most {@value #MAX_REDIRECTS}; a redirect not followed
     * comes back as it is. The connect timeout and the read timeout bound the wait for the headers and every silence
     * in the body.
     */
    public BodyStream stream(URI uri) throws IOException {
        URI at = uri;
        for (int redirects = 0; ; redirects++) {
            HttpURLConnection connection = (HttpURLConnection) at.toURL().openConnection();
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, policy.connectTimeout().toMillis()));
            connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, policy.readTimeout().toMillis()));
            connection.setRequestProperty("User-Agent", "jconda");
            if (authenticator != null) {
                connection.setAuthenticator(authenticator);
            }
            int status;
            try {
                status = connection.getResponseCode();
            } catch (SocketTimeoutException e) {
                connection.disconnect();
                throw new HttpTimeoutException("timed out: " + describe(e));
            }
            String location = connection.getHeaderField("Location");
            if (status >= 300 && status <= 399 && location != null && redirects < MAX_REDIRECTS) {
                URI next = at.resolve(location);
                boolean downgrade = "https".equalsIgnoreCase(at.getScheme())
                        && !"https".equalsIgnoreCase(next.getScheme());
                if (!downgrade && ("https".equalsIgnoreCase(next.getScheme())
                        || "http".equalsIgnoreCase(next.getScheme()))) {
                    drain(connection);
                    at = next;
                    continue;
                }
            }
            InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            return new BodyStream(status, location == null ? "" : location, connection.getContentLengthLong(),
                    body == null ? InputStream.nullInputStream() : body);
        }
    }

    /** Reads a redirect's small body away, so that its connection can carry the next request. */
    private static void drain(HttpURLConnection connection) {
        try (InputStream in = connection.getErrorStream() != null ? connection.getErrorStream()
                : connection.getInputStream()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            connection.disconnect();
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                HttpResponse<T> response = once(request, body);
                if (attempt >= policy.maxRetries() || !mayPass(response.statusCode())) {
                    return response;
                }
            } catch (ConnectException refused) {
                throw refused;
            } catch (IOException e) {
                if (attempt >= policy.maxRetries()) {
                    throw new IOException(describe(e) + " (after " + (attempt + 1) + " attempts)", e);
                }
            }
            Thread.sleep(policy.waitBefore(attempt + 1));
        }
    }

    /**
     * One exchange, headers and body, bounded by the read timeout: the request's own timeout ends with the headers,
     * and a server that sends half a small file and then nothing would otherwise hold the caller for good.
     */
    private <T> HttpResponse<T> once(HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        permits.acquire();
        CompletableFuture<HttpResponse<T>> exchange = client().sendAsync(request, body);
        try {
            return exchange.get(policy.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new HttpTimeoutException("timed out: no complete answer from " + request.uri().getHost()
                    + " within " + policy.readTimeout().toMillis() / 1000.0 + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ConnectException refused && refused.getMessage() == null) {
                // the asynchronous client leaves it unnamed, and a caller that keeps only the message (Maven
                // Resolver remembering a failed transfer) would have nothing to tell the user
                ConnectException named = new ConnectException("Connection refused: "
                        + request.uri().getAuthority());
                named.initCause(refused);
                throw named;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        } finally {
            exchange.cancel(true);
            permits.release();
        }
    }

    private static boolean mayPass(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

}
