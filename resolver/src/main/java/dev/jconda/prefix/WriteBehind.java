package dev.jconda.prefix;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.Checksum;

/**
 * Copies a large archive entry with the writing and checksumming on a second thread, while the caller's thread
 * inflates the next bytes. Unpacking libtorch (one 440 MB file in a 110 MB zip) is otherwise one thread doing both
 * halves in turn: inflating it takes about 1.25 s on this project's 2-core machine, writing and hashing it (with
 * SHA-256, as the manifest then held) about 0.6 s more.
 *
 * <p>The bytes go through a few buffers in turn; one writer thread takes them in order, so the file and its checksum
 * are exactly what one thread would have made. A failure of either side ends the copy with that failure, and never
 * before every buffer already handed over has been written: the caller closes the stream only after this returns.
 */
final class WriteBehind {
    /** Entries smaller than this are copied on the caller's thread: a second thread would not pay for itself. */
    static final long MIN_BYTES = 8L << 20;
    private static final int CHUNK = 1 << 20;
    private static final int CHUNKS = 4;

    /** Counts bytes against the extraction's budget before they are written; may refuse them. */
    interface Budget {
        void charge(long bytes) throws IOException;
    }

    private WriteBehind() {
    }

    /**
     * Copies {@code in} to {@code out} until its end, checksumming what it writes: on a second thread when about
     * {@code expectedBytes} are coming and they are {@link #MIN_BYTES} or more, else on this one.
     */
    static void copy(InputStream in, OutputStream out, Checksum checksum, Budget budget, long expectedBytes)
            throws IOException {
        if (expectedBytes >= MIN_BYTES) {
            copy(in, out, checksum, budget);
            return;
        }
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            budget.charge(n);
            out.write(buffer, 0, n);
            checksum.update(buffer, 0, n);
        }
    }

    /** Copies {@code in} to {@code out} until its end and returns the checksum of what was written. */
    static Checksum copy(InputStream in, OutputStream out, Checksum checksum, Budget budget)
            throws IOException {
        ExecutorService writer = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("jconda-unpack-writer").factory());
        byte[][] buffers = new byte[CHUNKS][CHUNK];
        @SuppressWarnings("unchecked")
        Future<Void>[] pending = new Future[CHUNKS];
        boolean failed = true;
        try {
            for (int i = 0; ; i = (i + 1) % CHUNKS) {
                awaitWritten(pending[i]); // the buffer is free again
                byte[] chunk = buffers[i];
                int n = in.readNBytes(chunk, 0, CHUNK);
                if (n > 0) {
                    budget.charge(n);
                    pending[i] = writer.submit(() -> {
                        out.write(chunk, 0, n);
                        checksum.update(chunk, 0, n);
                        return null;
                    });
                }
                if (n < CHUNK) {
                    break;
                }
            }
            for (Future<Void> f : pending) {
                awaitWritten(f);
            }
            failed = false;
            return checksum;
        } finally {
            writer.shutdown();
            if (failed) {
                // the caller closes the file next: nothing may still be writing to it
                drain(pending);
            }
        }
    }

    private static void awaitWritten(Future<Void> write) throws IOException {
        if (write == null) {
            return;
        }
        try {
            write.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while unpacking");
            interrupted.initCause(e);
            throw interrupted;
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case UncheckedIOException u -> throw u.getCause();
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                default -> throw new IOException(e.getCause());
            }
        }
    }

    /** Waits, uninterruptibly, for every write already handed over; their failures are the first one's shadow. */
    private static void drain(Future<Void>[] pending) {
        boolean interrupted = false;
        for (Future<Void> f : pending) {
            while (f != null && !f.isDone()) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
