package dev.jconda.cache;

import java.nio.file.Path;

/**
 * Follows a package file while it downloads, one attempt at a time: the file being written, and how many of its
 * bytes are on it so far. A download writes its file from the first byte to the last and never goes back, so the
 * bytes below that count are final for the attempt. A retry starts the file again, and with it a new {@link Attempt};
 * what an earlier attempt saw counts for nothing. An attempt that {@linkplain Attempt#ended ended} has the whole
 * body, which is not yet verified: whoever uses what a tap made must wait for {@link PackageCache#ensure} to return
 * the verified file. A tap never slows or fails a download: what goes wrong in it stays there.
 */
public interface DownloadTap {
    /** A tap that follows nothing. */
    DownloadTap NONE = file -> new Attempt() {
        @Override
        public void written(long bytes) {
        }

        @Override
        public void ended() {
        }

        @Override
        public void abandon() {
        }
    };

    /** An attempt starts writing {@code file} from its first byte; an earlier attempt is abandoned first. */
    Attempt begin(Path file);

    /** One attempt. */
    interface Attempt {
        /** The first {@code bytes} bytes of the file are written. */
        void written(long bytes);

        /** The body ended: every byte is written. */
        void ended();

        /** The attempt failed; what it made is void. */
        void abandon();
    }
}
