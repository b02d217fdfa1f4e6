package dev.jconda.lock;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a locked checksum comes from, so a reader of the lock can tell what it rests on: bytes jconda hashed itself,
 * or a checksum file the repository publishes next to the artifact (trusted as far as the repository is), or the
 * channel's index.
 */
public enum ChecksumSource {
    /** hashed by jconda from the file's bytes (a {@code file://} file with no checksum file beside it) */
    COMPUTED,
    /** the repository's {@code .sha512} file; the file itself was not downloaded by {@code jconda lock} */
    PUBLISHED_SHA512,
    /** the repository's {@code .sha256} file; the file itself was not downloaded by {@code jconda lock} */
    PUBLISHED_SHA256,
    /** the repository's {@code .sha1} file; the file itself was not downloaded by {@code jconda lock} */
    PUBLISHED_SHA1,
    /** the {@code sha256:} the channel's {@code index.yml} gives for a {@code url:} artifact */
    CHANNEL_INDEX;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<ChecksumSource> of(String id) {
        for (ChecksumSource s : values()) {
            if (s.id().equals(id)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
