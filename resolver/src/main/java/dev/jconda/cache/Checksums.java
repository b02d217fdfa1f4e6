package dev.jconda.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A file's sha256, sha1 and sha512, computed in one pass (a lock may know any of them). Only the ones a caller checks
 * are computed, because hashing is most of the CPU of a download: a checksum that was not asked for is "".
 */
record Checksums(String sha256, String sha1, String sha512) {

    /** The checksums {@code expected} names, of {@code file}. */
    static Checksums of(Path file, PackageCache.Expected expected) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return copy(in, OutputStream.nullOutputStream(), expected);
        }
    }

    /** Copies {@code in} to {@code out}, computing on the way the checksums {@code expected} names (null: all). */
    static Checksums copy(InputStream in, OutputStream out, PackageCache.Expected expected) throws IOException {
        MessageDigest sha256 = expected == null || !expected.sha256().isEmpty() ? Sha256.digest() : null;
        MessageDigest sha1 = expected == null || !expected.sha1().isEmpty() ? digest("SHA-1") : null;
        MessageDigest sha512 = expected == null || !expected.sha512().isEmpty() ? digest("SHA-512") : null;
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
            if (sha256 != null) {
                sha256.update(buf, 0, n);
            }
            if (sha1 != null) {
                sha1.update(buf, 0, n);
            }
            if (sha512 != null) {
                sha512.update(buf, 0, n);
            }
            out.write(buf, 0, n);
        }
        return new Checksums(hex(sha256), hex(sha1), hex(sha512));
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + algorithm, e);
        }
    }

    private static String hex(MessageDigest digest) {
        return digest == null ? "" : HexFormat.of().formatHex(digest.digest());
    }

    /** What differs from what the file must have, as a user reads it; empty when it matches. */
    Optional<String> mismatch(PackageCache.Expected expected) {
        if (!expected.sha256().isEmpty() && !expected.sha256().equalsIgnoreCase(sha256)) {
            return Optional.of("expected sha256 " + expected.sha256() + ", got " + sha256);
        }
        if (!expected.sha1().isEmpty() && !expected.sha1().equalsIgnoreCase(sha1)) {
            return Optional.of("expected sha1 " + expected.sha1() + ", got " + sha1);
        }
        if (!expected.sha512().isEmpty() && !expected.sha512().equalsIgnoreCase(sha512)) {
            return Optional.of("expected sha512 " + expected.sha512() + ", got " + sha512);
        }
        return Optional.empty();
    }
}
