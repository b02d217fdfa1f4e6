package dev.jconda.cache;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The one HTTP client of a jconda process for small files: checksum files, HEAD requests, channel indexes. One
 * client means one connection pool, so an HTTP/2 repository (Maven Central is one) multiplexes every lookup of a
 * lock over a single connection instead of opening one per class. Requests are idempotent, so a reset, a timeout,
 * HTTP 408, 429 or 5xx is asked again after {@link DownloadPolicy#waitBefore growing waits}; a refused connection
 * is not (nothing listens there). At most {@code maxConcurrent} requests are in flight at once, however many
 * threads ask: a lock asks for hundreds of files at the same time and a repository should not see them all at once.
 */
public final class HttpTransport {
    /**
     * Concurrent requests when the caller does not say: enough to hide latency (a cold lock of Spark asks about 600
     * small files), within the 100 streams an HTTP/2 server usually allows on one connection.
     */
    public static final int DEFAULT_CONCURRENCY = 64;

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

    /**
     * One GET of a package file, its body streamed: not retried here (the caller starts a failed file again), not
     * counted against the bound (files are few, their bytes many), and over HTTP/1.1 so that each file has its own
     * connection rather than sharing one HTTP/2 flow-control window. The timeout covers the wait for the headers;
     * the caller bounds the body's silences.
     */
    public HttpResponse<java.io.InputStream> stream(URI uri) throws IOException, InterruptedException {
        return client().send(HttpRequest.newBuilder(uri).timeout(policy.readTimeout())
                .version(HttpClient.Version.HTTP_1_1).header("User-Agent", "jconda").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                HttpResponse<T> response = once(request, body);
                if (attempt >= policy.maxRetries() || !mayPass(response.statusCode())) {
                    return response;
                }
            } catch (java.net.ConnectException refused) {
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
        java.util.concurrent.CompletableFuture<HttpResponse<T>> exchange = client().sendAsync(request, body);
        try {
            return exchange.get(policy.readTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new java.net.http.HttpTimeoutException("timed out: no complete answer from " + request.uri().getHost()
                    + " within " + policy.readTimeout().toMillis() / 1000.0 + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.net.ConnectException refused && refused.getMessage() == null) {
                // the asynchronous client leaves it unnamed, and a caller that keeps only the message (Maven
                // Resolver remembering a failed transfer) would have nothing to tell the user
                java.net.ConnectException named = new java.net.ConnectException("Connection refused: "
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
