package dev.jconda.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * The cheap half of jconda's cache model (conda's: hard links out of {@code pkgs/}, plus a verification pass). When a
 * file's checksum matched on the way in, its size and modification time are written beside it
 * ({@code .NAME.verified}) and the file is made read-only. Linking it into a new prefix compares the two numbers
 * instead of hashing hundreds of megabytes; a file that changed since (a write through a hard link in some
 * environment, a truncation, a flipped byte) shows a new size or time and is hashed again. A change that restores
 * both is found only by the full pass ({@code jconda doctor}).
 */
final class EntryStamp {
    private static final Set<PosixFilePermission> READ_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    private EntryStamp() {
    }

    static Path of(Path entry) {
        return entry.resolveSibling("." + entry.getFileName() + ".verified");
    }

    /** After the checksum matched: read-only, and the stamp that lets the next use skip hashing. */
    static void record(Path entry) throws IOException {
        try {
            Files.setPosixFilePermissions(entry, READ_ONLY);
        } catch (UnsupportedOperationException e) {
            entry.toFile().setWritable(false, false);
        }
        Files.writeString(of(entry), stamp(entry) + "\n");
    }

    static boolean unchanged(Path entry) {
        try {
            return Files.readString(of(entry)).strip().equals(stamp(entry));
        } catch (IOException e) {
            return false;
        }
    }

    static void forget(Path entry) throws IOException {
        Files.deleteIfExists(of(entry));
        Files.deleteIfExists(entry);
    }

    private static String stamp(Path entry) throws IOException {
        return Files.size(entry) + " " + Files.getLastModifiedTime(entry).toMillis();
    }
}
