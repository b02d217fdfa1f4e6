package dev.jconda.server.worker;

import dev.jconda.server.config.WorkerClass;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Where the model work of a request runs: the worker class, as a strategy. */
sealed interface RequestRunner {
    void run(Runnable work);

    static RequestRunner of(WorkerClass workerClass, int threads) {
        return switch (workerClass) {
            case SYNC -> new PlatformPool(threads);
            case VIRTUAL -> new Inline();
        };
    }

    /** virtual: on the connection's own virtual thread. */
    record Inline() implements RequestRunner {
        @Override
        public void run(Runnable work) {
            work.run();
        }
    }

    /**
     * sync: on one of {@code --threads} platform threads, so at most that many requests use the model at once; the
     * connection's virtual thread parks meanwhile (it costs no platform thread).
     */
    final class PlatformPool implements RequestRunner {
        private final ExecutorService pool;

        PlatformPool(int threads) {
            pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("request-", 0).daemon(true).factory());
        }

        @Override
        public void run(Runnable work) {
            try {
                pool.submit(work).get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the request pool", e);
            }
        }
    }
}
