package dev.jconda.server.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Line-oriented messages over a pipe fd between master and worker ({@code READY}, {@code RETIRE}, {@code STOP}...).
 * Reads block a platform thread in read(2); end of file means the other process is gone.
 */
public final class PipeLines implements AutoCloseable {
    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer = arena.allocate(4096);
    private final StringBuilder pending = new StringBuilder();

    public PipeLines(int fd) {
        this.fd = fd;
    }

    /** The next line without its newline, or null at end of file. */
    public String readLine() throws PosixException {
        while (true) {
            int nl = pending.indexOf("\n");
            if (nl >= 0) {
                String line = pending.substring(0, nl);
                pending.delete(0, nl + 1);
                return line;
            }
            int n = Libc.read(fd, buffer);
            if (n == 0) {
                return null;
            }
            byte[] bytes = buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
            pending.append(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    /** Sends one line; false if the reader is gone (EPIPE) or the fd is closed. */
    public static boolean send(int fd, String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Libc.writeFully(fd, bytes, 0, bytes.length);
            return true;
        } catch (PosixException e) {
            return false;
        }
    }

    @Override
    public void close() {
        Libc.close(fd);
        arena.close();
    }
}
