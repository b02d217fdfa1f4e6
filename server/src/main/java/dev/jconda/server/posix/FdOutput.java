package dev.jconda.server.posix;

import java.nio.charset.StandardCharsets;

/**
 * Writes whole lines to a raw fd with one write(2) each. Workers log through a private dup of fds 1 and 2 because
 * the JDK dup2()s /dev/null onto fds 0, 1 and 2 when the inherited listening channel is closed (see the spike),
 * which would silence System.out/err exactly while a worker drains.
 */
public final class FdOutput {
    private final int fd;

    public FdOutput(int fd) {
        this.fd = fd;
    }

    /** A private copy of {@code fd}, immune to later dup2()s onto the original number. */
    public static FdOutput duplicate(int fd) {
        try {
            return new FdOutput(Libc.dup(fd));
        } catch (PosixException e) {
            return new FdOutput(fd);
        }
    }

    public int fd() {
        return fd;
    }

    public void write(byte[] bytes, int off, int len) {
        try {
            Libc.writeFully(fd, bytes, off, len);
        } catch (PosixException e) {
            // A closed log pipe must not take the server down; there is nowhere left to report it.
        }
    }

    public void writeLine(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        write(bytes, 0, bytes.length);
    }
}
