package dev.jconda.server.master;

import dev.jconda.server.metrics.RestartReason;
import dev.jconda.server.posix.Libc;
import dev.jconda.server.posix.PipeLines;

/** The master's record of one worker JVM. Touched only by the arbiter thread. */
final class WorkerProcess {
    enum State { BOOTING, READY, STOPPING }

    final int pid;
    final int slot;
    final int generation;
    final long spawnedAtMillis;
    /** Why this worker was started in place of another (null: initial or TTIN); counted when it is READY. */
    final RestartReason restartReason;
    private final int toWorkerFd;

    State state = State.BOOTING;
    /** Set when this worker should be replaced (RETIRE after --max-requests, or HUP). */
    RestartReason retireReason;
    /** The booting worker that will take this one's place. */
    WorkerProcess successor;
    /** The worker this one, once READY, takes the place of. */
    WorkerProcess replaces;
    long stopDeadlineMillis;
    boolean killed;
    boolean timedOut;

    WorkerProcess(int pid, int slot, int generation, long spawnedAtMillis, RestartReason restartReason, int toWorkerFd) {
        this.pid = pid;
        this.slot = slot;
        this.generation = generation;
        this.spawnedAtMillis = spawnedAtMillis;
        this.restartReason = restartReason;
        this.toWorkerFd = toWorkerFd;
    }

    boolean send(String command) {
        return PipeLines.send(toWorkerFd, command);
    }

    void kill() {
        if (!killed) {
            killed = true;
            Libc.kill(pid, Libc.SIGKILL);
        }
    }

    /** After the process is reaped. */
    void closePipe() {
        Libc.close(toWorkerFd);
    }

    @Override
    public String toString() {
        return "pid " + pid;
    }
}
