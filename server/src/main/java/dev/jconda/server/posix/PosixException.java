package dev.jconda.server.posix;

import java.io.IOException;

/** A libc call that failed; carries the call's name and errno so the caller can tell EINTR or EPIPE apart. */
public final class PosixException extends IOException {
    private final String call;
    private final int errno;

    public PosixException(String call, int errno, String reason) {
        super(call + ": " + reason + " (errno " + errno + ")");
        this.call = call;
        this.errno = errno;
    }

    public String call() {
        return call;
    }

    public int errno() {
        return errno;
    }
}
