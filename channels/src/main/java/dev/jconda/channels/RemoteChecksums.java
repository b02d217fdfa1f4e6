package dev.jconda.channels;

import dev.jconda.cache.Sha256;
import dev.jconda.lock.ChecksumSource;
import dev.jconda.solve.ProviderException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A file's checksum and size without downloading it: what {@code jconda lock} records for native bundles, which
 * can be gigabytes (libtorch for CUDA is 2.3 GB) and may be for another platform. Asks the repository for
 * {@code .sha256}, then {@code .sha1} (Maven Central has only sha1 for most artifacts), and for the size with a
 * HEAD request. A {@code file://} URL is read and hashed directly. Answers are remembered on disk, so an offline
 * lock can reuse them.
 */
public final class RemoteChecksums {
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    private final Path cacheDir;
    private final boolean offline;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(20)).build();

    public RemoteChecksums(Path cacheDir, boolean offline) {
        this.cacheDir = cacheDir;
        this.offline = offline;
    }

    /** Exactly one of {@code sha256} and {@code sha1} is non-empty; {@code source} says which file it came from. */
    public record Checksum(String sha256, String sha1, long size, ChecksumSource source) {
        /** A checksum the repository publishes ({@code .sha256}, else {@code .sha1}). */
        static Checksum published(String sha256, String sha1, long size) {
            return new Checksum(sha256, sha1, size, sha256.isEmpty() ? ChecksumSource.PUBLISHED_SHA1
                    : ChecksumSource.PUBLISHED_SHA256);
        }
    }

    public Checksum of(String url) {
        URI uri = URI.create(url);
        if ("file".equals(uri.getScheme())) {
            Path file = Path.of(uri);
            try {
                return new Checksum(Sha256.of(file), "", Files.size(file), ChecksumSource.COMPUTED);
            } catch (IOException e) {
                throw new ProviderException("cannot read " + url + ": " + e.getMessage(), e);
            }
        }
        Path remembered = cacheDir.resolve(Sha256.of(url.getBytes(StandardCharsets.UTF_8)) + ".txt");
        try {
            List<String> lines = Files.readAllLines(remembered);
            if (lines.size() == 3) {
                return Checksum.published(lines.get(0), lines.get(1), Long.parseLong(lines.get(2)));
            }
        } catch (IOException | NumberFormatException e) {
            // not remembered yet
        }
        if (offline) {
            throw new ProviderException("the checksum of " + url + " is not in jconda's cache and --offline forbids "
                    + "asking the repository");
        }
        String sha256 = digest(url + ".sha256", 64);
        String sha1 = sha256.isEmpty() ? digest(url + ".sha1", 40) : "";
        if (sha256.isEmpty() && sha1.isEmpty()) {
            throw new ProviderException("the repository publishes no .sha256 or .sha1 for " + url);
        }
        long size = size(url);
        Checksum checksum = Checksum.published(sha256, sha1, size);
        try {
            Files.createDirectories(cacheDir);
            Path tmp = Files.createTempFile(cacheDir, ".sum", ".tmp");
            Files.write(tmp, List.of(sha256, sha1, Long.toString(size)));
            Files.move(tmp, remembered, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // remembering only saves a request next time
        }
        return checksum;
    }

    private String digest(String url, int length) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 404) {
                return "";
            }
            if (r.statusCode() != 200) {
                throw new ProviderException("HTTP " + r.statusCode() + " for " + url);
            }
            String token = r.body().strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
            if (token.length() != length || !HEX.matcher(token).matches()) {
                throw new ProviderException("malformed checksum file " + url);
            }
            return token;
        } catch (IOException e) {
            throw new ProviderException("cannot fetch " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while fetching " + url, e);
        }
    }

    private long size(String url) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 200) {
                throw new ProviderException("HTTP " + r.statusCode() + " for " + url);
            }
            return r.headers().firstValueAsLong("Content-Length").orElse(0);
        } catch (IOException e) {
            throw new ProviderException("cannot reach " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while fetching " + url, e);
        }
    }
}
