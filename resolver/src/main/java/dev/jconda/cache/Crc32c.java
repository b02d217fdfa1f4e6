package dev.jconda.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * CRC-32C, the checksum an unpacked bundle's manifest records for each file ({@link ExtractedBundle}). It is there to
 * find files changed or damaged after unpacking, not to authenticate them: the bundle's archive is verified against
 * the lock's cryptographic checksum before it is unpacked, and anyone able to rewrite a file could rewrite the
 * manifest beside it too. The CPU computes it in hardware at several gigabytes a second; SHA-256 of libtorch's
 * 440 MB, as the manifest held before, took a quarter second of CPU and the tail of every cold create.
 */
public final class Crc32c {
    /** Length of {@link #hex}'s result, which tells it from the 64 digits of a sha256 in older manifests. */
    public static final int HEX_LENGTH = 8;

    private Crc32c() {
    }

    public static Checksum checksum() {
        return new CRC32C();
    }

    /** The checksum's value as 8 lower-case hex digits. */
    public static String hex(Checksum checksum) {
        return String.format("%08x", checksum.getValue());
    }

    public static String of(byte[] bytes) {
        Checksum crc = checksum();
        crc.update(bytes, 0, bytes.length);
        return hex(crc);
    }

    public static String of(Path file) throws IOException {
        Checksum crc = checksum();
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, n);
            }
        }
        return hex(crc);
    }
}
