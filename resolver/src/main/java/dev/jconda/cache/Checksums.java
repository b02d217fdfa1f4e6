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

/** A file's sha256 and sha1, computed in one pass (a lock may know either). */
record Checksums(String sha256, String sha1) {

    static Checksums of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return copy(in, OutputStream.nullOutputStream());
        }
    }

    /** Copies {@code in} to {@code out}, hashing on the way. */
    static Checksums copy(InputStream in, OutputStream out) throws IOException {
        MessageDigest sha256 = Sha256.digest();
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
            sha256.update(buf, 0, n);
            sha1.update(buf, 0, n);
            out.write(buf, 0, n);
        }
        return new Checksums(HexFormat.of().formatHex(sha256.digest()), HexFormat.of().formatHex(sha1.digest()));
    }

    /** What differs from what the file must have, as a user reads it; empty when it matches. */
    Optional<String> mismatch(PackageCache.Expected expected) {
        if (!expected.sha256().isEmpty() && !expected.sha256().equalsIgnoreCase(sha256)) {
            return Optional.of("expected sha256 " + expected.sha256() + ", got " + sha256);
        }
        if (!expected.sha1().isEmpty() && !expected.sha1().equalsIgnoreCase(sha1)) {
            return Optional.of("expected sha1 " + expected.sha1() + ", got " + sha1);
        }
        return Optional.empty();
    }
}
