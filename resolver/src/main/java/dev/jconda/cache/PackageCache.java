package dev.jconda.cache;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code $JCONDA_ROOT/pkgs}: files by content. A file lives at {@code pkgs/<sha256>/<file name>}, so two
 * environments that use the same jar share one copy (hard links), and a file is never trusted until its checksum
 * matched on the way in. Entries appear atomically: written to a temporary name, verified, then renamed. Hard links
 * mean a write into an environment's file is a write into the cache, so presence is not enough either: every use
 * checks the entry's stamp ({@link EntryStamp}) and hashes it again when it changed (conda's model: links plus
 * verification; RELIABILITY.md).
 */
public final class PackageCache {
    private final Path root;
    private final java.util.function.Consumer<String> notices;
    private final HttpDownload http;
    private final HttpTransport transport;

    public PackageCache(Path root) {
        this(root, notice -> { });
    }

    /** @param notices one line each for what a user should know: a corrupted entry replaced, a slow download */
    public PackageCache(Path root, java.util.function.Consumer<String> notices) {
        this(root, notices, DownloadPolicy.DEFAULT, DownloadProgress.SILENT, null);
    }

    /**
     * @param policy        timeouts and retries of downloads
     * @param progress      where a download's progress goes (the CLI reports slow ones)
     * @param authenticator answers a server's 401 (credentials from Maven's settings.xml); may be null
     */
    public PackageCache(Path root, java.util.function.Consumer<String> notices, DownloadPolicy policy,
                        DownloadProgress progress, java.net.Authenticator authenticator) {
        this(root, notices, new HttpTransport(policy, authenticator, HttpTransport.DEFAULT_CONCURRENCY), progress);
    }

    /** @param transport the process's HTTP client (its policy: timeouts and retries of downloads) */
    public PackageCache(Path root, java.util.function.Consumer<String> notices, HttpTransport transport,
                        DownloadProgress progress) {
        this.root = root;
        this.notices = notices;
        this.transport = transport;
        this.http = new HttpDownload(transport, progress);
    }

    /** The HTTP client this cache downloads through, for the other requests of the same process. */
    public HttpTransport transport() {
        return transport;
    }

    public Path root() {
        return root;
    }

    /** Where a file with this checksum and name lives, whether or not it is there yet. */
    public Path pathOf(String sha256, String fileName) {
        Path p = root.resolve(sha256).resolve(fileName).normalize();
        // lockfiles are validated on read; this guards every other caller: an entry is exactly two levels down
        if (!p.getParent().getParent().equals(root.normalize()) || fileName.startsWith(".")) {
            throw new CacheError("refusing a cache path outside " + root + ": " + sha256 + "/" + fileName);
        }
        return p;
    }

    /**
     * The cached file, if present and unchanged since its checksum matched: same size and modification time as
     * recorded then ({@link EntryStamp}), else hashed again. An entry whose bytes no longer match is removed, so the
     * caller fetches it again; {@code notices} hears about it.
     */
    public Optional<Path> find(Expected expected, String fileName) {
        Path p = pathOf(expected.key(), fileName);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        if (EntryStamp.unchanged(p)) {
            return Optional.of(p);
        }
        try {
            Checksums actual = Checksums.of(p, expected);
            if (actual.mismatch(expected).isEmpty()) {
                EntryStamp.record(p);
                return Optional.of(p);
            }
            notices.accept("the cached " + fileName + " in " + p.getParent() + " no longer matches its "
                    + expected.describe().substring(0, Math.min(14, expected.describe().length()))
                    + "... (changed after it was cached); fetching it again");
            EntryStamp.forget(p);
            return Optional.empty();
        } catch (IOException e) {
            throw new CacheError("cannot verify the cached " + p + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every entry hashed again, unpacked bundles too: the full pass behind {@code jconda doctor}. Returns the files
     * (or bundle folders) that no longer match.
     */
    public java.util.List<Path> corruptEntries() throws IOException {
        java.util.List<Path> bad = new java.util.ArrayList<>();
        if (!Files.isDirectory(root)) {
            return bad;
        }
        try (var keys = Files.list(root)) {
            for (Path dir : keys.filter(Files::isDirectory).sorted().toList()) {
                String key = dir.getFileName().toString();
                Expected expected = key.startsWith("sha1-") ? new Expected("", key.substring(5)) : new Expected(key, "");
                try (var files = Files.list(dir)) {
                    for (Path f : files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList()) {
                        if (Files.isDirectory(f)) {
                            bad.addAll(ExtractedBundle.corruptFiles(f));
                        } else if (Checksums.of(f, expected).mismatch(expected).isPresent()) {
                            bad.add(f);
                        }
                    }
                }
            }
        }
        return bad;
    }

    /**
     * The cached file {@code cached} (filed under a published sha1 or sha512) filed under its sha256 as well, for a
     * lock that records sha256 ({@code jconda lock --hashes sha256}). A hard link: the bytes stay on disk once.
     */
    public Entry alsoBySha256(Path cached, String fileName) {
        try {
            String sha = Sha256.of(cached);
            Path target = pathOf(sha, fileName);
            if (find(new Expected(sha, ""), fileName).isEmpty()) {
                Files.createDirectories(target.getParent());
                Path tmp = target.resolveSibling(".link-" + java.util.UUID.randomUUID() + ".tmp");
                try {
                    Files.createLink(tmp, cached);
                    moveIntoPlace(tmp, target);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            return new Entry(target, sha, Files.size(target));
        } catch (IOException e) {
            throw new CacheError("cannot file " + cached + " under its sha256 in " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes what {@link #corruptEntries()} found: a file with its stamp, an unpacked bundle as a whole (it is
     * unpacked again from its archive). The next create fetches what is missing.
     */
    public void remove(Path corrupt) throws IOException {
        Path relative = root.toAbsolutePath().normalize().relativize(corrupt.toAbsolutePath().normalize());
        if (relative.getNameCount() < 2 || relative.startsWith("..")) {
            throw new CacheError(corrupt + " is not an entry of the package cache " + root);
        }
        Path entry = root.resolve(relative.subpath(0, 2));
        if (Files.isDirectory(entry)) {
            Path aside = entry.resolveSibling("." + entry.getFileName() + ".corrupt-" + java.util.UUID.randomUUID());
            Files.move(entry, aside, StandardCopyOption.ATOMIC_MOVE);
            dev.jconda.prefix.PrefixInstaller.deleteTree(aside);
        } else {
            EntryStamp.forget(entry);
        }
    }

    /** A cached file with its checksum and size. */
    public record Entry(Path path, String sha256, long size) {
    }

    /** The checksums a file must have: sha256 when known, else the repository's sha512 or sha1. */
    public record Expected(String sha256, String sha1, String sha512) {
        public Expected {
            sha256 = sha256 == null ? "" : sha256;
            sha1 = sha1 == null ? "" : sha1;
            sha512 = sha512 == null ? "" : sha512;
            if (sha256.isEmpty() && sha1.isEmpty() && sha512.isEmpty()) {
                throw new IllegalArgumentException("no checksum");
            }
        }

        public Expected(String sha256, String sha1) {
            this(sha256, sha1, "");
        }

        /** The cache folder name: the sha256, else {@code sha512-<hex>} or {@code sha1-<hex>}. */
        public String key() {
            return !sha256.isEmpty() ? sha256 : !sha512.isEmpty() ? "sha512-" + sha512 : "sha1-" + sha1;
        }

        String describe() {
            return !sha256.isEmpty() ? "sha256 " + sha256 : !sha512.isEmpty() ? "sha512 " + sha512 : "sha1 " + sha1;
        }
    }

    /**
     * Makes sure the file is cached: from the cache, else copied from {@code localCopy}, else downloaded from
     * {@code url} (unless {@code offline}); either way its checksum is checked before it enters the cache.
     */
    public Path ensure(Expected expected, String fileName, Optional<Path> localCopy, String url, boolean offline) {
        return ensure(expected, fileName, localCopy, url, offline, DownloadTap.NONE);
    }

    /** The same; {@code tap} follows a download's file as it is written (a copy or a cache hit shows it nothing). */
    public Path ensure(Expected expected, String fileName, Optional<Path> localCopy, String url, boolean offline,
                       DownloadTap tap) {
        Optional<Path> hit = find(expected, fileName);
        if (hit.isPresent()) {
            return hit.get();
        }
        if (localCopy.isPresent() && Files.isRegularFile(localCopy.get())) {
            return store(expected, fileName, localCopy.get().toUri().toString(), DownloadTap.NONE);
        }
        if (offline) {
            throw new CacheError(fileName + " (" + expected.describe().substring(0, Math.min(20,
                    expected.describe().length())) + "...) is not in the package cache " + root
                    + " and --offline forbids downloading it from " + url);
        }
        return store(expected, fileName, url, tap);
    }

    private Path store(Expected expected, String fileName, String url, DownloadTap tap) {
        Path target = pathOf(expected.key(), fileName);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".download", ".tmp");
            try {
                Checksums actual;
                if ("file".equals(URI.create(url).getScheme())) {
                    try (InputStream in = Files.newInputStream(Path.of(URI.create(url)));
                         var out = HttpDownload.overwrite(tmp)) {
                        actual = Checksums.copy(in, out, expected);
                    }
                } else {
                    actual = http.fetch(url, fileName, tmp, expected, tap);
                }
                Optional<String> mismatch = actual.mismatch(expected);
                if (mismatch.isPresent()) {
                    throw new CacheError("checksum mismatch for " + fileName + " from " + url + ": " + mismatch.get());
                }
                moveIntoPlace(tmp, target);
                return target;
            } finally {
                Files.deleteIfExists(tmp);
                if (!Files.exists(target)) {
                    removeIfEmpty(target.getParent());
                }
            }
        } catch (IOException e) {
            throw new CacheError("cannot download " + fileName + " from " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheError("interrupted while downloading " + url, e);
        }
    }

    /** A failed download leaves no empty {@code pkgs/<key>} folder behind. */
    private static void removeIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException notEmpty) {
            // another file of this key is there, or another process is downloading it
        }
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        // stamped before the rename, so an entry is never visible without its stamp
        EntryStamp.record(tmp);
        Files.move(EntryStamp.of(tmp), EntryStamp.of(target), StandardCopyOption.REPLACE_EXISTING);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
