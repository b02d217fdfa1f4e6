package dev.jconda.cli;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child ({@code jconda run}, {@code jconda shell}) and hands its exit status on as jconda's. On SIGTERM or
 * SIGINT the JVM runs its shutdown hooks and would then exit 143 or 130 while the child may still be shutting down;
 * the hook passes the signal on, waits for the child, and ends jconda with the child's own status, as a shell's
 * {@code exec} would.
 */
final class ChildProcess {
    /** How long a child may take to finish after the signal before it is killed. */
    private static final long GRACE_SECONDS = 60;

    private ChildProcess() {
    }

    static int run(ProcessBuilder pb) throws IOException, InterruptedException {
        // The hook is in place before the child starts, and the start happens under the hook's lock: a SIGTERM that
        // arrives while the child is being started then waits for it and passes the signal on, instead of ending
        // jconda with 143 and leaving the child running (seen once in EverydayVerbsTest under load).
        Object starting = new Object();
        Process[] child = new Process[1];
        boolean[] stopping = new boolean[1];
        Thread hook = new Thread(() -> {
            Process process;
            synchronized (starting) {
                stopping[0] = true;
                process = child[0];
            }
            if (process == null || !process.isAlive()) {
                return;
            }
            // a terminal's Ctrl-C reaches the whole process group; a `kill PID` reaches only jconda: pass it on
            process.destroy();
            try {
                if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // halt, not exit: exit from a shutdown hook blocks, and the child's status is the answer
            Runtime.getRuntime().halt(process.exitValue());
        }, "jconda-child-wait");
        Runtime.getRuntime().addShutdownHook(hook);
        Process process;
        synchronized (starting) {
            if (stopping[0]) {
                throw new InterruptedException("stopped before the command started");
            }
            try {
                process = pb.start();
            } catch (IOException | RuntimeException e) {
                Runtime.getRuntime().removeShutdownHook(hook);
                throw e;
            }
            child[0] = process;
        }
        int status = process.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running; it ends the process with the same status
        }
        return status;
    }
}
