package dev.jconda.server.worker;

import dev.jconda.server.config.WorkerClass;
import java.util.concurrent.Semaphore;

/**
 * How many requests of a worker may run model work at once: the worker class, as a strategy. The work itself always
 * runs on the connection's own thread. A hand-off to a pool of platform threads cost a future, a queue node and two
 * thread switches per request, about a quarter of the worker's CPU per request (bench/README.md, "CPU per request").
 */
sealed interface RequestRunner {
    /** Waits for a place to run model work; pair with {@link #leave()} in a finally. */
    void enter();

    void leave();

    static RequestRunner of(WorkerClass workerClass, int threads) {
        return switch (workerClass) {
            case SYNC -> new Bounded(threads);
            case VIRTUAL -> new Unbounded();
        };
    }

    /** virtual, and requests that wait for a batcher: every connection runs its work at once. */
    record Unbounded() implements RequestRunner {
        @Override
        public void enter() {
            // no bound
        }

        @Override
        public void leave() {
            // no bound
        }
    }

    /**
     * sync: at most {@code --threads} requests use the model at once, the others wait in arrival order (a fair
     * semaphore: an uncontended pass allocates nothing). The worker has at least that many carrier threads, see
     * the master's worker command.
     */
    final class Bounded implements RequestRunner {
        private final Semaphore places;

        Bounded(int threads) {
            places = new Semaphore(threads, true);
        }

        @Override
        public void enter() {
            places.acquireUninterruptibly();
        }

        @Override
        public void leave() {
            places.release();
        }
    }
}
