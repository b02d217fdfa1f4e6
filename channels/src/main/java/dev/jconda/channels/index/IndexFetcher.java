package dev.jconda.channels.index;

import dev.jconda.cache.DownloadPolicy;
import dev.jconda.cache.HttpTransport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Gets the text of a channel's {@code index.yml} from where the channel points: a folder (or the index file itself),
 * a {@code file://} URL, or an {@code https://} (or {@code http://}) URL.
 *
 * <p>Downloaded indexes are kept under the cache directory, one folder per index URL, with the response's
 * {@code ETag} and {@code Last-Modified}; the next download is a conditional request, so an unchanged index costs one
 * round trip and no body. Offline, the cached copy is used as it is, and a channel that was never downloaded is an
 * error that says so. Local indexes are read in place and never cached.
 */
public final class IndexFetcher {
    private static final Pattern URL_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");
    private static final String CACHED_INDEX = "index.yml";
    private static final String CACHED_HEADERS = "index.properties";

    private final Path cacheDirectory;
    private final boolean offline;
    private final HttpTransport http;

    /** The text of an index, its name for messages, and its URI (the base of relative artifact URLs). */
    public record FetchedIndex(String text, String display, URI base) {
        public FetchedIndex {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(display, "display");
        }
    }

    /**
     * @param cacheDirectory where downloaded indexes are kept (created on first download)
     * @param offline        never touch the network: remote channels come from the cache or fail
     */
    public IndexFetcher(Path cacheDirectory, boolean offline) {
        this(cacheDirectory, offline, new HttpTransport(DownloadPolicy.DEFAULT));
    }

    /** As {@link #IndexFetcher(Path, boolean)}, through the process's HTTP client. */
    public IndexFetcher(Path cacheDirectory, boolean offline, HttpTransport http) {
        this.cacheDirectory = Objects.requireNonNull(cacheDirectory, "cacheDirectory");
        this.offline = offline;
        this.http = Objects.requireNonNull(http, "http");
    }

    public boolean offline() {
        return offline;
    }

    /**
     * The index of the channel at {@code location}: a path to a channel folder or an index file, a {@code file:}
     * URL, or an {@code http(s)://} URL of a channel (its {@code index.yml} is fetched) or of an index file
     * ({@code .yml} or {@code .yaml}).
     *
     * @throws ChannelUnavailableError when the index cannot be read or downloaded
     */
    public FetchedIndex fetch(String location) {
        Objects.requireNonNull(location, "location");
        if (location.isBlank()) {
            throw new ChannelUnavailableError("''", "empty channel location");
        }
        if (!URL_SCHEME.matcher(location).matches()) {
            return local(Path.of(location), location);
        }
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            throw new ChannelUnavailableError(location, "invalid URL: " + e.getReason());
        }
        return switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
            case "file" -> local(fileOf(uri, location), location);
            case "https", "http" -> remote(indexUri(uri), location);
            default -> throw new ChannelUnavailableError(location, "unsupported URL scheme '" + uri.getScheme()
                    + "'; a channel is a folder, a file:// URL or an https:// URL");
        };
    }

    private static Path fileOf(URI uri, String location) {
        try {
            return Path.of(uri);
        } catch (IllegalArgumentException e) {
            throw new ChannelUnavailableError(location, "invalid file URL: " + e.getMessage());
        }
    }

    private static FetchedIndex local(Path path, String location) {
        Path file = Files.isDirectory(path) ? path.resolve(ChannelIndexReader.FILE_NAME) : path;
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return new FetchedIndex(text, file.toString(), file.toAbsolutePath().toUri());
        } catch (NoSuchFileException e) {
            throw new ChannelUnavailableError(location, Files.isDirectory(path)
                    ? "no " + ChannelIndexReader.FILE_NAME + " in " + path
                    : "no such folder or file " + path);
        } catch (IOException e) {
            throw new ChannelUnavailableError(location, "cannot read " + file + ": " + describe(e), e);
        }
    }

    /** The index file's URL: the URL itself when it names a YAML file, else {@code <channel>/index.yml}. */
    static URI indexUri(URI channel) {
        String path = channel.getPath() == null ? "" : channel.getPath();
        if (path.endsWith(".yml") || path.endsWith(".yaml")) {
            return channel;
        }
        String text = channel.toString();
        int query = text.indexOf('?');
        if (query >= 0 || channel.getRawFragment() != null) {
            throw new ChannelUnavailableError(text, "a channel URL cannot carry a query or fragment");
        }
        return URI.create((text.endsWith("/") ? text : text + "/") + ChannelIndexReader.FILE_NAME);
    }

    private FetchedIndex remote(URI index, String location) {
        if (index.getRawUserInfo() != null) {
            throw new ChannelUnavailableError(location, "a channel URL must not carry credentials");
        }
        Path folder = cacheDirectory.resolve(cacheKey(index));
        Path cached = folder.resolve(CACHED_INDEX);
        Path headersFile = folder.resolve(CACHED_HEADERS);
        boolean haveCache = Files.isRegularFile(cached);
        if (offline) {
            if (!haveCache) {
                throw new ChannelUnavailableError(location, "offline, and " + index + " was never downloaded (no "
                        + "copy in " + folder + "); run once without --offline");
            }
            return new FetchedIndex(readCached(cached, location), index.toString(), index);
        }
        Properties headers = haveCache ? readHeaders(headersFile) : new Properties();
        Map<String, String> conditions = new HashMap<>();
        if (haveCache && headers.getProperty("etag") != null) {
            conditions.put("If-None-Match", headers.getProperty("etag"));
        }
        if (haveCache && headers.getProperty("last-modified") != null) {
            conditions.put("If-Modified-Since", headers.getProperty("last-modified"));
        }
        HttpResponse<byte[]> response;
        try {
            response = http.get(index, conditions);
        } catch (IOException e) {
            throw new ChannelUnavailableError(location, "cannot download " + index + ": " + describe(e)
                    + (haveCache ? "; a cached copy exists, run with --offline to use it" : ""), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelUnavailableError(location, "interrupted while downloading " + index, e);
        }
        int status = response.statusCode();
        if (status == 304 && haveCache) {
            return new FetchedIndex(readCached(cached, location), index.toString(), index);
        }
        if (status != 200) {
            throw new ChannelUnavailableError(location, "HTTP " + status + " for " + index
                    + (status == 404 ? " (is this a jconda channel? it needs an " + ChannelIndexReader.FILE_NAME
                    + ")" : ""));
        }
        String text = new String(response.body(), StandardCharsets.UTF_8);
        Properties fresh = new Properties();
        fresh.setProperty("url", index.toString());
        response.headers().firstValue("ETag").ifPresent(v -> fresh.setProperty("etag", v));
        response.headers().firstValue("Last-Modified").ifPresent(v -> fresh.setProperty("last-modified", v));
        store(folder, text, fresh, location);
        return new FetchedIndex(text, index.toString(), index);
    }

    private static String readCached(Path cached, String location) {
        try {
            return Files.readString(cached, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ChannelUnavailableError(location, "cannot read the cached index " + cached + ": "
                    + describe(e), e);
        }
    }

    private static Properties readHeaders(Path file) {
        Properties headers = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            headers.load(in);
        } catch (IOException e) {
            // without validators the next request is simply unconditional
        }
        return headers;
    }

    /** Index first, then its validators: a crash in between leaves a fresh index that is re-validated next time. */
    private static void store(Path folder, String text, Properties headers, String location) {
        try {
            Files.createDirectories(folder);
            Path tmp = Files.createTempFile(folder, "index", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            move(tmp, folder.resolve(CACHED_INDEX));
            Path tmpHeaders = Files.createTempFile(folder, "headers", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmpHeaders)) {
                headers.store(out, "validators of the cached jconda channel index");
            }
            move(tmpHeaders, folder.resolve(CACHED_HEADERS));
        } catch (IOException e) {
            throw new ChannelUnavailableError(location, "cannot cache the index in " + folder + ": " + describe(e),
                    e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A readable, collision-free folder name: {@code example.org_jvm_index.yml-1f2e3d4c5b6a}. */
    static String cacheKey(URI index) {
        String readable = (index.getHost() + (index.getPort() > 0 ? "_" + index.getPort() : "")
                + index.getPath()).replaceAll("[^A-Za-z0-9.-]+", "_");
        if (readable.length() > 80) {
            readable = readable.substring(readable.length() - 80);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(index.toString().getBytes(StandardCharsets.UTF_8));
            return readable + "-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String describe(IOException e) {
        return dev.jconda.channels.maven.TransferFailure.of(e)
                .orElse(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
    }
}
