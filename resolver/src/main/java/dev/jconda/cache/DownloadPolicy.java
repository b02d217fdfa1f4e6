package dev.jconda.cache;

import java.time.Duration;
import java.util.Map;

/**
 * How long jconda waits for a server and how often it asks again, for every idempotent GET (package files, Maven
 * Resolver's transport, channel indexes). Named and defaulted as conda's {@code remote_*} settings, read from
 * {@code JCONDA_REMOTE_CONNECT_TIMEOUT_SECS}, {@code JCONDA_REMOTE_READ_TIMEOUT_SECS} (no byte for that long: the
 * attempt fails), {@code JCONDA_REMOTE_MAX_RETRIES} and {@code JCONDA_REMOTE_BACKOFF_FACTOR} (waits of factor x 1, 2,
 * 4 ... seconds). {@code JCONDA_SLOW_DOWNLOAD_SECS}: after that long a download still running is reported on stderr.
 * {@code JCONDA_FETCH_THREADS}: how many package files download at once (conda's {@code fetch_threads}, also 5).
 */
public record DownloadPolicy(Duration connectTimeout, Duration readTimeout, int maxRetries, Duration backoff,
                             Duration slowAfter, int fetchThreads) {
    /**
     * Package files downloading at once. Each is a TLS connection of its own, and in a new JVM each handshake costs
     * CPU that the largest file's download needs: creating the default environment (12 files) on this project's
     * 2-core machine fetched in 0.9-1.1 s with 3 or 5 at once, largest first, against 1.0-1.5 s with all 12 at once.
     */
    public static final int DEFAULT_FETCH_THREADS = 5;
    public static final DownloadPolicy DEFAULT = new DownloadPolicy(Duration.ofSeconds(10), Duration.ofSeconds(60), 3,
            Duration.ofSeconds(1), Duration.ofSeconds(10), DEFAULT_FETCH_THREADS);

    public DownloadPolicy {
        if (maxRetries < 0 || readTimeout.isNegative() || readTimeout.isZero() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive and retries not negative");
        }
        if (fetchThreads < 1) {
            throw new IllegalArgumentException("at least one package file must download at a time");
        }
    }

    public DownloadPolicy(Duration connectTimeout, Duration readTimeout, int maxRetries, Duration backoff,
                          Duration slowAfter) {
        this(connectTimeout, readTimeout, maxRetries, backoff, slowAfter, DEFAULT_FETCH_THREADS);
    }

    public static DownloadPolicy fromEnvironment(Map<String, String> env) {
        return new DownloadPolicy(
                seconds(env, "JCONDA_REMOTE_CONNECT_TIMEOUT_SECS", DEFAULT.connectTimeout()),
                seconds(env, "JCONDA_REMOTE_READ_TIMEOUT_SECS", DEFAULT.readTimeout()),
                (int) number(env, "JCONDA_REMOTE_MAX_RETRIES", DEFAULT.maxRetries()),
                seconds(env, "JCONDA_REMOTE_BACKOFF_FACTOR", DEFAULT.backoff()),
                seconds(env, "JCONDA_SLOW_DOWNLOAD_SECS", DEFAULT.slowAfter()),
                fetchThreads(env));
    }

    private static int fetchThreads(Map<String, String> env) {
        String key = "JCONDA_FETCH_THREADS";
        double n = number(env, key, DEFAULT_FETCH_THREADS);
        if (n < 1 || n != Math.rint(n) || n > 1024) {
            throw new IllegalArgumentException(key + "=" + env.get(key) + " is not a whole number from 1 to 1024");
        }
        return (int) n;
    }

    /** The wait before retry {@code attempt} (1 for the first retry): backoff x 2^(attempt-1). */
    public Duration waitBefore(int attempt) {
        return backoff.multipliedBy(1L << Math.min(attempt - 1, 10));
    }

    private static Duration seconds(Map<String, String> env, String key, Duration otherwise) {
        String v = env.get(key);
        return v == null || v.isBlank() ? otherwise : Duration.ofMillis(Math.round(number(env, key, 0) * 1000));
    }

    private static double number(Map<String, String> env, String key, double otherwise) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return otherwise;
        }
        try {
            double d = Double.parseDouble(v.strip());
            if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + " is not a non-negative number");
        }
    }
}
