package dev.jconda.server;

/**
 * What master and worker agree on: the fds a worker is spawned with, the one-line messages on its two pipes, and
 * its exit codes.
 *
 * <pre>
 * fd 0  the listening socket (System.inheritedChannel())
 * fd 1  the master's stdout, fd 2 its stderr
 * fd 3  worker -> master: READY, RETIRE
 * fd 4  master -> worker: STOP (recycle), SHUTDOWN (server stopping), QUIT (fast); end of file: master gone
 * fd 5  the shared metrics region (memfd)
 * </pre>
 */
public final class ControlProtocol {
    public static final int FD_LISTENER = 0;
    public static final int FD_TO_MASTER = 3;
    public static final int FD_FROM_MASTER = 4;
    public static final int FD_METRICS = 5;
    public static final int FD_COUNT = 6;

    /** Model loaded, warmed, accepting. */
    public static final String READY = "READY";
    /** Reached --max-requests: please start my successor, I keep serving until told to stop. */
    public static final String RETIRE = "RETIRE";
    /** Finish in-flight requests and exit (a successor is ready, or TTOU). */
    public static final String STOP = "STOP";
    /** As STOP, and /ready answers 503 meanwhile: the whole server is going down. */
    public static final String SHUTDOWN = "SHUTDOWN";
    /** Exit now. */
    public static final String QUIT = "QUIT";

    /** Hidden first argument that turns {@code Main} into a worker: {@code --jconda-worker SLOT}. */
    public static final String WORKER_FLAG = "--jconda-worker";

    /** A worker that cannot load its model exits with this (Gunicorn's WORKER_BOOT_ERROR). */
    public static final int EXIT_BOOT_ERROR = 3;
    public static final int EXIT_USAGE = 2;

    private ControlProtocol() {}
}
