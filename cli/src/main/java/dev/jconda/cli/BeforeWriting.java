package dev.jconda.cli;

import dev.jconda.prefix.InstallError;
import dev.jconda.prefix.JcondaHome;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What every writing command does first. It checks that {@code $JCONDA_ROOT} takes writes, so a read-only or foreign
 * root is one plain line ("read-only file system", "permission denied") instead of whichever library trips over it
 * first (Maven Resolver's named locks did); then it removes what interrupted commands left (stale temporaries older
 * than an hour, staging folders whose name is not locked).
 */
final class BeforeWriting {
    /** Older than this, a temporary nobody holds a lock on is no longer being written. */
    static final java.time.Duration STALE_AFTER = java.time.Duration.ofHours(1);

    private BeforeWriting() {
    }

    static void prepare(JcondaHome home) {
        checkWritable(home);
        new dev.jconda.prefix.StaleTemporaries(home, STALE_AFTER, java.time.Instant.now()).sweep();
    }

    static void checkWritable(JcondaHome home) {
        Path root = home.root();
        try {
            Files.createDirectories(root);
            Files.delete(Files.createTempFile(root, ".write-check", ".tmp"));
        } catch (AccessDeniedException e) {
            throw new InstallError("cannot write to JCONDA_ROOT " + root + ": permission denied (" + where(e) + ")", e);
        } catch (FileSystemException e) {
            String reason = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
            if (reason.toLowerCase(java.util.Locale.ROOT).contains("read-only")) {
                reason = "read-only file system";
            }
            throw new InstallError("cannot write to JCONDA_ROOT " + root + ": " + reason + " (" + where(e) + ")", e);
        } catch (IOException e) {
            throw new InstallError("cannot write to JCONDA_ROOT " + root + ": " + e.getMessage(), e);
        }
    }

    private static String where(FileSystemException e) {
        return e.getFile() == null ? "?" : Path.of(e.getFile()).getParent() == null ? e.getFile()
                : Path.of(e.getFile()).getParent().toString();
    }
}
