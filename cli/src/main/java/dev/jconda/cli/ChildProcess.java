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

    /** The child once started, and whether a shutdown has begun; guarded by its own monitor. */
    private static final class Launch {
        private Process child;
        private boolean stopping;
    }

    static int run(ProcessBuilder pb) throws IOException, InterruptedException {
        // The hook is in place before the child starts, and the start happens under the same monitor: a SIGTERM that
        // arrives while the child is being started then waits for it and passes the signal on, instead of ending
        // jconda with 143 and leaving the child running (seen once in EverydayVerbsTest under load).
        Launch launch = new Launch();
        Thread hook = new Thread(() -> {
            Process process;
            synchronized (launch) {
                launch.stopping = true;
                process = launch.child;
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
        synchronized (launch) {
            if (launch.stopping) {
                throw new InterruptedException("stopped before the command started");
            }
            try {
                process = pb.start();
            } catch (IOException | RuntimeException e) {
                removeHook(hook);
                throw e;
            }
            launch.child = process;
        }
        int status = process.waitFor();
        removeHook(hook);
        return status;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running; it ends the process with the child's status
        }
    }
}
