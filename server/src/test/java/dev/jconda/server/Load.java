package dev.jconda.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop client load: {@code threads} threads POST /predict back to back over keep-alive connections until a
 * deadline or a request budget, counting everything that is not a 200 as a failure.
 */
final class Load implements AutoCloseable {
    /**
     * @param failures the first 20, each with when it happened (ms after the load started)
     * @param marks    what the test did meanwhile, on the same clock ({@link #mark})
     */
    record Result(long ok, long failed, List<String> failures, List<String> marks) {
        long total() {
            return ok + failed;
        }
    }

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong issued = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> marks = new ConcurrentLinkedQueue<>();
    private final long origin = System.nanoTime();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private volatile boolean stopped;
    private boolean closed;

    static Load start(URI uri, String body, int threadCount, Duration duration, long maxRequests) {
        Load load = new Load();
        long deadline = System.nanoTime() + duration.toNanos();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        for (int i = 0; i < threadCount; i++) {
            load.threads.add(Thread.ofPlatform().name("load-" + i).start(() -> {
                while (!load.stopped && System.nanoTime() < deadline && load.issued.incrementAndGet() <= maxRequests) {
                    try {
                        HttpResponse<String> r = load.client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            load.ok.incrementAndGet();
                        } else {
                            load.fail("HTTP " + r.statusCode() + ": " + r.body());
                        }
                    } catch (Exception e) {
                        load.fail(e.toString());
                    }
                }
            }));
        }
        return load;
    }

    private void fail(String what) {
        failed.incrementAndGet();
        if (failures.size() < 20) {
            failures.add(elapsedMillis() + " ms: " + what);
        }
    }

    private long elapsedMillis() {
        return (System.nanoTime() - origin) / 1_000_000;
    }

    /** Notes what the test does now (a signal sent, workers ready), so a failure can be placed among the steps. */
    void mark(String what) {
        marks.add(elapsedMillis() + " ms: " + what);
    }

    long okSoFar() {
        return ok.get();
    }

    /** Waits for the deadline or the request budget. */
    Result await() throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
        return new Result(ok.get(), failed.get(), List.copyOf(failures), List.copyOf(marks));
    }

    /** Ends the load now (each client finishes its request in flight). */
    Result stop() throws InterruptedException {
        stopped = true;
        return await();
    }

    @Override
    public void close() {
        stopped = true;
        try {
            await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!closed) {
            closed = true;
            client.close();
        }
    }
}
