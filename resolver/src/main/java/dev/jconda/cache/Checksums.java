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

/** A file's sha256, sha1 and sha512, computed in one pass (a lock may know any of them). */
record Checksums(String sha256, String sha1, String sha512) {

    static Checksums of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return copy(in, OutputStream.nullOutputStream());
        }
    }

    /** Copies {@code in} to {@code out}, hashing on the way. */
    static Checksums copy(InputStream in, OutputStream out) throws IOException {
        MessageDigest sha256 = Sha256.digest();
        MessageDigest sha1;
        MessageDigest sha512;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
            sha512 = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1 or SHA-512", e);
        }
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
            sha256.update(buf, 0, n);
            sha1.update(buf, 0, n);
            sha512.update(buf, 0, n);
            out.write(buf, 0, n);
        }
        HexFormat hex = HexFormat.of();
        return new Checksums(hex.formatHex(sha256.digest()), hex.formatHex(sha1.digest()),
                hex.formatHex(sha512.digest()));
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
