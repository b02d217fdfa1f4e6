package dev.jconda.prefix;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Zip entries already inflated to files of their own before the archive is unpacked ({@link EarlyUnzip}), found by
 * where their local header starts in the archive and by their sizes. {@link ArchiveExtractor} moves such a file into
 * place instead of inflating the entry again.
 */
public interface PreparedEntries {
    PreparedEntries NONE = (offset, compressedSize, size) -> Optional.empty();

    /**
     * The entry whose local header starts at {@code localHeaderOffset}, inflated from exactly
     * {@code compressedSize} deflated bytes to {@code size} bytes; empty when none was prepared so. The file is the
     * caller's from then on.
     */
    Optional<PreparedEntry> take(long localHeaderOffset, long compressedSize, long size);

    /** An inflated entry: its file (beside the archive, on the same file system) and the CRC-32C of its bytes. */
    record PreparedEntry(Path file, long size, String crc32c) {
    }
}
