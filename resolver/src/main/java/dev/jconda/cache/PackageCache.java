package dev.jconda.cache;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@code $JCONDA_ROOT/pkgs}: files by content. A file lives at {@code pkgs/<sha256>/<file name>}, so two
 * environments that use the same jar share one copy (hard links), and a file is never trusted until its checksum
 * matched once on the way in. Entries appear atomically: written to a temporary name, verified, then renamed.
 */
public final class PackageCache {
    private final Path root;
    private final HttpClient http;

    public PackageCache(Path root) {
        this.root = root;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
    }

    public Path root() {
        return root;
    }

    /** Where a file with this checksum and name lives, whether or not it is there yet. */
    public Path pathOf(String sha256, String fileName) {
        return root.resolve(sha256).resolve(fileName);
    }

    /** The cached file, if present. Presence is enough: entries are verified before they are renamed into place. */
    public Optional<Path> find(String sha256, String fileName) {
        Path p = pathOf(sha256, fileName);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** Adds a local file (from Maven's local repository) under its own checksum; returns the cached path. */
    public Entry add(Path source, String fileName) {
        try {
            String sha = Sha256.of(source);
            Path target = pathOf(sha, fileName);
            if (!Files.isRegularFile(target)) {
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), ".incoming", ".tmp");
                try {
                    Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
                    if (!Sha256.of(tmp).equals(sha)) {
                        throw new CacheError("file changed while copying into the cache: " + source);
                    }
                    moveIntoPlace(tmp, target);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            return new Entry(target, sha, Files.size(target));
        } catch (IOException e) {
            throw new CacheError("cannot add " + source + " to the package cache " + root + ": " + e.getMessage(), e);
        }
    }

    /** A cached file with its checksum and size. */
    public record Entry(Path path, String sha256, long size) {
    }

    /**
     * Makes sure the file with {@code sha256} is cached: from the cache, else copied from {@code localCopy} when
     * it has the right checksum, else downloaded from {@code url} (unless {@code offline}), verified on the way.
     */
    public Path ensure(String sha256, String fileName, Optional<Path> localCopy, String url, boolean offline) {
        Optional<Path> hit = find(sha256, fileName);
        if (hit.isPresent()) {
            return hit.get();
        }
        if (localCopy.isPresent() && Files.isRegularFile(localCopy.get())) {
            Entry e = add(localCopy.get(), fileName);
            if (e.sha256().equals(sha256)) {
                return e.path();
            }
        }
        if (offline) {
            throw new CacheError(fileName + " (sha256 " + sha256.substring(0, 12) + "...) is not in the package cache "
                    + root + " and --offline forbids downloading it from " + url);
        }
        return download(sha256, fileName, url);
    }

    private Path download(String sha256, String fileName, String url) {
        Path target = pathOf(sha256, fileName);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".download", ".tmp");
            try {
                MessageDigest md = Sha256.digest();
                try (InputStream in = open(url); var out = Files.newOutputStream(tmp)) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        md.update(buf, 0, n);
                        out.write(buf, 0, n);
                    }
                }
                String actual = HexFormat.of().formatHex(md.digest());
                if (!actual.equals(sha256)) {
                    throw new CacheError("checksum mismatch for " + fileName + " from " + url + ": expected sha256 "
                            + sha256 + ", got " + actual);
                }
                moveIntoPlace(tmp, target);
                return target;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CacheError("cannot download " + fileName + " from " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheError("interrupted while downloading " + url, e);
        }
    }

    private InputStream open(String url) throws IOException, InterruptedException {
        URI uri = URI.create(url);
        if ("file".equals(uri.getScheme())) {
            return Files.newInputStream(Path.of(uri));
        }
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).GET()
                .timeout(Duration.ofMinutes(30)).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("HTTP " + response.statusCode());
        }
        return response.body();
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // another process cached the same content first; same checksum, same bytes
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
