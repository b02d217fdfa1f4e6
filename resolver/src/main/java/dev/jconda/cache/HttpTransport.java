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
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

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
     * Concurrent requests when the caller does not say: the 100 streams RFC 9113 asks an HTTP/2 server to allow at
     * least on one connection (a server that allows fewer lowers the bound, see {@link StreamBound}). A cold lock of
     * Spark asks about 600 checksum files and HEADs after its solve, each waiting about 60 ms on Maven Central from
     * here: 100 at once took that phase from 0.6 s to under 0.4 s, where 64 at once had left the CPU half idle.
     */
    public static final int DEFAULT_CONCURRENCY = 100;
    /**
     * Concurrent requests once the server is known to speak HTTP/2, where they are streams of one connection: as many
     * as the server's SETTINGS allow, up to this. The JDK's client does not tell what the server allows; asking past
     * it makes the client refuse a stream, and {@link StreamBound} comes down to the server's number (128 on this
     * machine's route to Maven Central). A cold lock's checksum phase, about 600 requests each waiting 60-100 ms
     * on Central, took 0.41 s instead of 0.47 s with 128 in flight (medians of 6).
     */
    public static final int HTTP2_CONCURRENCY = 256;
    /** Refusals of a stream one request may meet before its failure is the caller's: the bound shrinks on each. */
    private static final int MAX_REFUSED_STREAMS = 32;
    /** What the JDK's HTTP/2 client says when the server's SETTINGS allow no further stream on the connection. */
    private static final String STREAM_REFUSED = "too many concurrent streams";
    /**
     * Set by the launcher for the commands it runs with C1 alone ({@code -XX:TieredStopAtLevel=1}, for start-up): C1
     * has no intrinsics for AES or GHASH, so AES-GCM runs in plain Java there.
     */
    static final String JIT_PROPERTY = "jconda.jit";
    /** Redirects followed for one package file: HttpClient's own limit. */
    private static final int MAX_REDIRECTS = 5;

    private final DownloadPolicy policy;
    private final java.net.Authenticator authenticator;
    private final StreamBound bound;
    private final int http2Concurrency;
    private HttpClient client;

    /**
     * @param authenticator     answers a server's 401 (credentials from Maven's settings.xml); may be null
     * @param maxConcurrent     requests in flight at most, HTTP/2 or not
     */
    public HttpTransport(DownloadPolicy policy, java.net.Authenticator authenticator, int maxConcurrent) {
        this(policy, authenticator, maxConcurrent, maxConcurrent);
    }

    /**
     * @param maxConcurrent      requests in flight at most until a response came over HTTP/2 (over HTTP/1.1 each
     *                           is a connection of its own)
     * @param http2Concurrency   at most once one did, where the server's stream limit decides below it
     */
    public HttpTransport(DownloadPolicy policy, java.net.Authenticator authenticator, int maxConcurrent,
                         int http2Concurrency) {
        this.policy = policy;
        this.authenticator = authenticator;
        this.bound = new StreamBound(maxConcurrent);
        this.http2Concurrency = http2Concurrency;
    }

    /** Built on the first request: a warm lock asks nothing over HTTP and should not pay for a client's threads. */
    private synchronized HttpClient client() {
        if (client == null) {
            HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                    .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(policy.connectTimeout());
            if ("c1".equals(System.getProperty(JIT_PROPERTY))) {
                builder.sslParameters(chaCha20First());
            }
            client = (authenticator == null ? builder : builder.authenticator(authenticator)).build();
        }
        return client;
    }

    public HttpTransport(DownloadPolicy policy) {
        this(policy, null, DEFAULT_CONCURRENCY);
    }

    /**
     * Starts the first TLS connection's local work on a thread of its own, for a caller that is about to ask an
     * https server many things and has other start-up work first (a cold lock: Resolver's components): the default
     * TLS context with its trust store, and one key pair for each of the two key shares the JDK's client sends
     * (x25519 and secp256r1; the P-256 generator builds its precomputed table on first use). In a new JVM these
     * took most of the first request's 0.2 s, on the path every later request waits behind: a cold lock of Spark
     * had its first POM about 50 ms sooner with them done ahead. Nothing is connected: a lock that ends up asking
     * nothing (all cached) only spent a little CPU on the other core.
     */
    public void prepareTlsAhead() {
        Thread.ofPlatform().daemon().name("jconda-tls-ahead").start(() -> {
            try {
                SSLContext.getDefault();
                java.security.KeyPairGenerator.getInstance("X25519").generateKeyPair();
                java.security.KeyPairGenerator ec = java.security.KeyPairGenerator.getInstance("EC");
                ec.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
                ec.generateKeyPair();
            } catch (GeneralSecurityException | RuntimeException e) {
                // only a head start: the handshake does the same work, and reports what fails
            }
        });
    }

    /**
     * The JDK's default TLS parameters with the ChaCha20-Poly1305 suites moved first, the rest in their order. A
     * server that honours the client's preference (Maven Central's does) then picks ChaCha20, a cipher made for
     * software: without C2, 995 GETs of a cold lock's POMs and checksum files over TLS 1.3 took 2.41-2.45 s of CPU
     * with it against 2.57-2.70 s with AES-256-GCM, and whole cold locks of Spark 0.1-0.2 s less.
     */
    static SSLParameters chaCha20First() {
        SSLParameters parameters;
        try {
            parameters = SSLContext.getDefault().getDefaultSSLParameters();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no default TLS context", e);
        }
        List<String> suites = new ArrayList<>(List.of(parameters.getCipherSuites()));
        suites.sort(Comparator.comparing(suite -> !suite.contains("CHACHA20")));
        parameters.setCipherSuites(suites.toArray(String[]::new));
        return parameters;
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
        int refusedStreams = 0;
        for (int attempt = 0; ; attempt++) {
            try {
                HttpResponse<T> response = once(request, body);
                if (attempt >= policy.maxRetries() || !mayPass(response.statusCode())) {
                    return response;
                }
            } catch (ConnectException refused) {
                throw refused;
            } catch (StreamRefused e) {
                // nothing was sent: ask again at once, under the lower bound, without spending an attempt
                if (++refusedStreams <= MAX_REFUSED_STREAMS) {
                    attempt--;
                    continue;
                }
                throw new IOException(request.uri().getHost() + " allowed no HTTP/2 stream for " + request.uri()
                        + " in " + refusedStreams + " tries", e);
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
        bound.acquire();
        CompletableFuture<HttpResponse<T>> exchange = client().sendAsync(request, body);
        try {
            HttpResponse<T> response = exchange.get(policy.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (response.version() == HttpClient.Version.HTTP_2 && http2Concurrency > bound.limit()) {
                bound.widen(http2Concurrency);
            }
            return response;
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
            if (e.getCause() instanceof IOException io && STREAM_REFUSED.equals(io.getMessage())) {
                bound.refused();
                throw new StreamRefused(io);
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
            bound.release();
        }
    }

    /** The client refused to open a stream: the server's limit on concurrent streams was reached. */
    private static final class StreamRefused extends IOException {
        StreamRefused(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** How many requests may be in flight now: the bound asked for, or less once a server allowed fewer streams. */
    public int concurrency() {
        return bound.limit();
    }

    private static boolean mayPass(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

}
