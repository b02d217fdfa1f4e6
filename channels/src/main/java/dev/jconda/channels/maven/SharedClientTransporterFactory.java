package dev.jconda.channels.maven;

import dev.jconda.cache.HttpTransport;
import dev.jconda.channels.RemoteChecksums;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.spi.connector.transport.AbstractTransporter;
import org.eclipse.aether.spi.connector.transport.GetTask;
import org.eclipse.aether.spi.connector.transport.PeekTask;
import org.eclipse.aether.spi.connector.transport.PutTask;
import org.eclipse.aether.spi.connector.transport.Transporter;
import org.eclipse.aether.spi.connector.transport.TransporterFactory;
import org.eclipse.aether.transfer.NoTransporterException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * Maven Resolver's HTTP transport through the process's one {@link HttpTransport}: POMs and version lists travel
 * over the same HTTP/2 connection as the published checksums, with the same retries, timeouts and bound on
 * concurrent requests. Resolver's Apache transport opened a TLS connection per concurrent descriptor read (about 50
 * on a cold lock of Spark), and those handshakes were the largest share of a cold lock's CPU on a 2-core machine.
 *
 * <p>A file's {@code .sha1} is asked for at the same time as the file and handed to Resolver as the repository's
 * checksum for it, so a POM costs one round trip instead of two; Resolver still checks the bytes against it under the
 * session's checksum policy, and asks for the checksum files itself when there is no {@code .sha1}.
 */
final class SharedClientTransporterFactory implements TransporterFactory {
    /** Above Resolver's own HTTP transports (Apache's is 5), so that it is chosen for every http(s) repository. */
    private static final float PRIORITY = 50;

    private final HttpTransport http;

    SharedClientTransporterFactory(HttpTransport http) {
        this.http = http;
    }

    @Override
    public Transporter newInstance(RepositorySystemSession session, RemoteRepository repository)
            throws NoTransporterException {
        String protocol = repository.getProtocol();
        if (!"http".equalsIgnoreCase(protocol) && !"https".equalsIgnoreCase(protocol)) {
            throw new NoTransporterException(repository);
        }
        String url = repository.getUrl();
        return new SharedClientTransporter(http, URI.create(url.endsWith("/") ? url : url + "/"));
    }

    @Override
    public float getPriority() {
        return PRIORITY;
    }

    /** A status other than 2xx; 404 is Resolver's "not found", which it remembers and reports as absence. */
    static final class StatusException extends IOException {
        final int status;

        StatusException(int status, URI uri) {
            super("HTTP " + status + " for " + uri);
            this.status = status;
        }
    }

    private static final class SharedClientTransporter extends AbstractTransporter {
        private static final Pattern CHECKSUM_FILE = Pattern.compile(".*\\.(sha1|sha256|sha512|md5|asc)$");

        private final HttpTransport http;
        private final URI base;

        SharedClientTransporter(HttpTransport http, URI base) {
            this.http = http;
            this.base = base;
        }

        @Override
        public int classify(Throwable error) {
            return error instanceof StatusException s && s.status == 404 ? ERROR_NOT_FOUND : ERROR_OTHER;
        }

        @Override
        protected void implPeek(PeekTask task) throws Exception {
            URI uri = base.resolve(task.getLocation());
            expectOk(http.head(uri).statusCode(), uri);
        }

        @Override
        protected void implGet(GetTask task) throws Exception {
            URI uri = base.resolve(task.getLocation());
            Future<Optional<String>> sha1 = null;
            try (var lookup = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                if (!CHECKSUM_FILE.matcher(uri.getPath()).matches()) {
                    sha1 = lookup.submit(() -> publishedSha1(URI.create(uri + ".sha1")));
                }
                HttpResponse<byte[]> response = http.get(uri, Map.of());
                expectOk(response.statusCode(), uri);
                if (sha1 != null) {
                    publishedSha1(sha1).ifPresent(hex -> task.setChecksum("SHA-1", hex));
                }
                byte[] body = response.body();
                utilGet(task, new ByteArrayInputStream(body), true, body.length, false);
            }
        }

        /** The {@code .sha1} beside a file, when the repository answers with one; Resolver decides what a miss means. */
        private Optional<String> publishedSha1(URI uri) throws IOException, InterruptedException {
            HttpResponse<byte[]> response = http.get(uri, Map.of());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            return RemoteChecksums.digestIn(new String(response.body(), java.nio.charset.StandardCharsets.US_ASCII),
                    40);
        }

        /** A failed lookup of the checksum file is no answer: Resolver then asks for the checksum files itself. */
        private static Optional<String> publishedSha1(Future<Optional<String>> lookup) throws InterruptedException {
            try {
                return lookup.get();
            } catch (ExecutionException e) {
                return Optional.empty();
            }
        }

        private static void expectOk(int status, URI uri) throws StatusException {
            if (status < 200 || status > 299) {
                throw new StatusException(status, uri);
            }
        }

        @Override
        protected void implPut(PutTask task) {
            throw new UnsupportedOperationException("jconda reads Maven repositories; it never uploads to them");
        }

        @Override
        protected void implClose() {
            // the HTTP client belongs to the process, not to this repository
        }
    }
}
