package dev.jconda.channels;

import dev.jconda.cache.HttpTransport;
import dev.jconda.cache.Sha256;
import dev.jconda.lock.ChecksumSource;
import dev.jconda.solve.ProviderException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * A file's checksum and size without downloading it: what {@code jconda lock} records for every file, as conda-lock
 * and pixi take checksums from the channel's index. Native bundles can be gigabytes (libtorch for CUDA is 2.3 GB)
 * and may be for another platform; jars are many. Asks the repository for the strongest checksum it publishes
 * beside the file ({@code .sha512}, then {@code .sha256}, then {@code .sha1}: Maven Central has only sha1 for most
 * artifacts), and for the size with a HEAD request. A {@code file://} file is looked at the same way, and hashed
 * directly when it has no checksum file. Answers are remembered on disk, so an offline lock can reuse them.
 */
public final class RemoteChecksums {
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    /** The checksum files a repository may publish, strongest first. */
    private enum Published {
        SHA512(".sha512", 128, ChecksumSource.PUBLISHED_SHA512),
        SHA256(".sha256", 64, ChecksumSource.PUBLISHED_SHA256),
        SHA1(".sha1", 40, ChecksumSource.PUBLISHED_SHA1);

        final String suffix;
        final int length;
        final ChecksumSource source;

        Published(String suffix, int length, ChecksumSource source) {
            this.suffix = suffix;
            this.length = length;
            this.source = source;
        }
    }

    private final Path cacheDir;
    private final boolean offline;
    private final HttpTransport http;

    /** @param http the process's HTTP client: retries, timeouts, credentials and the bound on concurrent requests */
    public RemoteChecksums(Path cacheDir, boolean offline, HttpTransport http) {
        this.cacheDir = cacheDir;
        this.offline = offline;
        this.http = http;
    }

    /**
     * Exactly one of {@code sha512}, {@code sha256} and {@code sha1} is non-empty; {@code source} says where it came
     * from.
     */
    public record Checksum(String sha256, String sha1, long size, ChecksumSource source, String sha512) {
        public Checksum {
            sha512 = sha512 == null ? "" : sha512;
        }

        private static Checksum of(Published kind, String hex, long size) {
            return new Checksum(kind == Published.SHA256 ? hex : "", kind == Published.SHA1 ? hex : "", size,
                    kind.source, kind == Published.SHA512 ? hex : "");
        }
    }

    /** The checksum of {@code url}; a file that does not exist is an error. */
    public Checksum of(String url) {
        return ofExisting(url, url).orElseThrow(() -> new ProviderException(url + " does not exist"));
    }

    /**
     * The checksum of {@code url}, or empty when the file does not exist (a Maven module packaged as a POM has no
     * jar). A file that exists without any checksum file is an error that says so.
     *
     * @param rememberAs the key the answer is kept under: the URL, or a channel and path, so that a Maven Central
     *                   mirror (same artifacts, another URL) finds what Central answered
     */
    public Optional<Checksum> ofExisting(String url, String rememberAs) {
        URI uri = URI.create(url);
        if ("file".equals(uri.getScheme())) {
            return local(Path.of(uri));
        }
        Path remembered = cacheDir.resolve(Sha256.of(rememberAs.getBytes(StandardCharsets.UTF_8)) + ".txt");
        Optional<Checksum> known = recall(remembered);
        if (known.isPresent()) {
            return known;
        }
        if (offline) {
            throw new ProviderException("the checksum of " + url + " is not in jconda's cache and --offline forbids "
                    + "asking the repository");
        }
        // the three checksum files and the size are asked at once: one round trip instead of up to four
        Map<Published, Future<String>> digests = new EnumMap<>(Published.class);
        Future<OptionalSize> size;
        try (ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Published kind : Published.values()) {
                digests.put(kind, lookups.submit(() -> digest(url + kind.suffix, kind.length)));
            }
            size = lookups.submit(() -> size(url));
        }
        for (Published kind : Published.values()) {
            String hex = result(digests.get(kind));
            if (!hex.isEmpty()) {
                if (!result(size).exists()) {
                    throw new ProviderException("the repository publishes " + url + kind.suffix + " but not " + url);
                }
                Checksum checksum = Checksum.of(kind, hex, result(size).bytes());
                remember(remembered, checksum);
                return Optional.of(checksum);
            }
        }
        if (!result(size).exists()) {
            return Optional.empty();
        }
        throw new ProviderException("the repository publishes no checksum for " + url + " (no .sha512, .sha256 or "
                + ".sha1 beside it); jconda locks a file by the checksum its repository publishes, so add one there");
    }

    /** A lookup's answer; its failure as it was thrown (a ProviderException that says which URL). */
    private static <T> T result(Future<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new ProviderException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while asking for checksums", e);
        }
    }

    /** A file:// file: its checksum file when it has one (so the lock is the same as over HTTP), else its bytes. */
    private static Optional<Checksum> local(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            long size = Files.size(file);
            for (Published kind : Published.values()) {
                Path sum = file.resolveSibling(file.getFileName() + kind.suffix);
                if (Files.isRegularFile(sum)) {
                    return Optional.of(Checksum.of(kind, token(Files.readString(sum), kind.length, sum.toString()),
                            size));
                }
            }
            return Optional.of(new Checksum(Sha256.of(file), "", size, ChecksumSource.COMPUTED, ""));
        } catch (IOException e) {
            throw new ProviderException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Lines: sha256, sha1, size, then sha512 (absent in files written before sha512 was asked for). */
    private static Optional<Checksum> recall(Path remembered) {
        try {
            List<String> lines = Files.readAllLines(remembered);
            if (lines.size() == 3 || lines.size() == 4) {
                String sha512 = lines.size() == 4 ? lines.get(3) : "";
                Published kind = !sha512.isEmpty() ? Published.SHA512
                        : !lines.get(0).isEmpty() ? Published.SHA256 : Published.SHA1;
                String hex = switch (kind) {
                    case SHA512 -> sha512;
                    case SHA256 -> lines.get(0);
                    case SHA1 -> lines.get(1);
                };
                return Optional.of(Checksum.of(kind, hex, Long.parseLong(lines.get(2))));
            }
        } catch (NoSuchFileException e) {
            // not remembered yet
        } catch (IOException | NumberFormatException e) {
            // unreadable: ask again
        }
        return Optional.empty();
    }

    private void remember(Path remembered, Checksum checksum) {
        try {
            Files.createDirectories(cacheDir);
            Path tmp = Files.createTempFile(cacheDir, ".sum", ".tmp");
            Files.write(tmp, List.of(checksum.sha256(), checksum.sha1(), Long.toString(checksum.size()),
                    checksum.sha512()));
            Files.move(tmp, remembered, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // remembering only saves a request next time
        }
    }

    private static String token(String body, int length, String where) {
        return digestIn(body, length).orElseThrow(() -> new ProviderException("malformed checksum file " + where));
    }

    /**
     * The digest a checksum file ({@code .sha1}, {@code .sha256}, ...) holds: its first word, {@code length} hex
     * digits, in lower case; empty when the body is not one (some repositories add the file name after it).
     */
    public static Optional<String> digestIn(String body, int length) {
        String token = body.strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
        return token.length() == length && HEX.matcher(token).matches() ? Optional.of(token) : Optional.empty();
    }

    private String digest(String url, int length) {
        try {
            HttpResponse<byte[]> r = http.get(URI.create(url), Map.of());
            if (r.statusCode() == 404) {
                return "";
            }
            if (r.statusCode() != 200) {
                throw new ProviderException("HTTP " + r.statusCode() + " for " + url);
            }
            return token(new String(r.body(), StandardCharsets.UTF_8), length, url);
        } catch (IOException e) {
            throw new ProviderException("cannot fetch " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while fetching " + url, e);
        }
    }

    /** What a HEAD request said: whether the file is there, and its length (0 when the server does not say). */
    private record OptionalSize(boolean exists, long bytes) {
    }

    private OptionalSize size(String url) {
        try {
            HttpResponse<Void> r = http.head(URI.create(url));
            if (r.statusCode() == 404) {
                return new OptionalSize(false, 0);
            }
            if (r.statusCode() != 200) {
                throw new ProviderException("HTTP " + r.statusCode() + " for " + url);
            }
            return new OptionalSize(true, r.headers().firstValueAsLong("Content-Length").orElse(0));
        } catch (IOException e) {
            throw new ProviderException("cannot reach " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while fetching " + url, e);
        }
    }
}
