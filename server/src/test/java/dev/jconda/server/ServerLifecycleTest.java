package dev.jconda.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jconda.server.posix.Libc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The master's promises under real client load: recycling and reloads lose nothing, a killed or hung worker is
 * replaced, TTIN/TTOU change the worker count, a broken model stops the master with Gunicorn's boot-error code.
 */
class ServerLifecycleTest {
    private static final int CLIENTS = 16;

    private static String sampleRequest() throws Exception {
        return Files.readString(ServerProcess.REQUEST);
    }

    private static void report(String test, Load.Result r, ServerProcess server) throws Exception {
        System.out.printf("%s: %d ok, %d failed; restarts max_requests=%.0f reload=%.0f crashed=%.0f timeout=%.0f%n",
                test, r.ok(), r.failed(), server.restarts("max_requests"), server.restarts("reload"),
                server.restarts("crashed"), server.restarts("timeout"));
    }

    private static void assertNoFailures(Load.Result r) {
        assertTrue(r.ok() > 0, "the load ran");
        assertEquals(0, r.failed(), () -> r.failed() + " of " + r.total() + " requests failed: " + r.failures()
                + (r.marks().isEmpty() ? "" : "; meanwhile: " + r.marks()));
    }

    @Test
    void termStopsAcceptingBeforeItDrainsSoNoEstablishedConnectionIsReset() throws Exception {
        try (ServerProcess server = ServerProcess.start("term-drain", 1, null, "-w", "1", "--warmup-shape", "1,4")) {
            AtomicInteger answered = new AtomicInteger();
            AtomicInteger lost = new AtomicInteger();
            List<String> losses = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    while (running.get()) {
                        Socket s = new Socket();
                        try {
                            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 1000);
                        } catch (IOException refused) {
                            // Refused or unanswered SYN: the server no longer takes connections, which is allowed.
                            closeQuietly(s);
                            continue;
                        }
                        try (s) {
                            s.setSoTimeout(10_000);
                            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                                    .getBytes(StandardCharsets.ISO_8859_1));
                            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                            if (answer.startsWith("HTTP/1.1 200 OK")) {
                                answered.incrementAndGet();
                            } else {
                                lost.incrementAndGet();
                                losses.add("answer: " + answer);
                            }
                        } catch (IOException e) {
                            lost.incrementAndGet();
                            losses.add(e.toString());
                        }
                    }
                }));
            }
            Thread.sleep(1000);
            int before = answered.get();
            assertEquals(0, server.stop());
            Thread.sleep(1500);
            running.set(false);
            for (Thread t : clients) {
                t.join(Duration.ofSeconds(15));
            }
            System.out.printf("term drain: %d answered (%d before TERM), %d established connections lost%n",
                    answered.get(), before, lost.get());
            assertTrue(before > 0, "the clients ran");
            assertEquals(0, lost.get(), () -> "established connections lost during the drain: " + losses);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing was opened
        }
    }

    @Test
    void workersGetPlatformPollerThreadsUnlessTheWorkerJavaOptsChooseOtherwise() throws Exception {
        try (ServerProcess server = ServerProcess.start("poller-default", 1, null, "-w", "1")) {
            List<String> args = commandLine(server.workerPids().getFirst());
            assertTrue(args.contains("-Djdk.pollerMode=1"), args.toString());
            assertEquals(0, server.stop());
        }
        try (ServerProcess server = ServerProcess.start("poller-user", 1, null, "-w", "1",
                "--worker-java-opts", "-XX:+UseSerialGC -Djdk.pollerMode=2")) {
            List<String> args = commandLine(server.workerPids().getFirst());
            assertTrue(args.contains("-Djdk.pollerMode=2"), args.toString());
            assertEquals(1, args.stream().filter(a -> a.startsWith("-Djdk.pollerMode=")).count(), args.toString());
            assertEquals(0, server.stop());
        }
    }

    private static List<String> commandLine(long pid) throws java.io.IOException {
        return List.of(java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "cmdline"))
                .split("\0"));
    }

    @Test
    void recyclingAfterMaxRequestsUnderLoadLosesNoRequest() throws Exception {
        try (ServerProcess server = ServerProcess.start("recycle", 2, null,
                "-w", "2", "--max-requests", "200", "--max-requests-jitter", "50", "--warmup-shape", "1,4")) {
            List<Long> first = server.workerPids();
            Load.Result r;
            try (Load load = Load.start(server.uri("/predict"), sampleRequest(), CLIENTS, Duration.ofSeconds(60),
                    Long.MAX_VALUE)) {
                // The load runs until both first workers have been replaced and have drained and exited, and on for
                // a while after: the requests at risk are those around each drain.
                server.await(Duration.ofSeconds(45), () -> Collections.disjoint(first, server.workerPids()),
                        () -> "both first workers recycled and gone");
                load.mark("the first workers gone");
                long okAfter = load.okSoFar();
                server.await(Duration.ofSeconds(10), () -> load.okSoFar() > okAfter + 200, () -> "more load");
                r = load.stop();
            }
            report("recycling", r, server);
            assertNoFailures(r);
            assertTrue(server.restarts("max_requests") > 0,
                    "recycled at least once after " + r.total() + " requests:\n" + server.log());
            assertEquals(0, server.restarts("crashed"));
            assertEquals(0, server.stop());
        }
    }

    @Test
    void reloadUnderLoadLosesNoRequestAndTtinTtouChangeTheWorkerCount() throws Exception {
        try (ServerProcess server = ServerProcess.start("reload", 2, null, "-w", "2", "--warmup-shape", "1,4")) {
            List<Long> before = server.workerPids();
            Load.Result r;
            try (Load load = Load.start(server.uri("/predict"), sampleRequest(), CLIENTS, Duration.ofSeconds(60), 1_000_000)) {
                server.await(Duration.ofSeconds(10), () -> load.okSoFar() > 500, () -> "load to start");
                load.mark("HUP");
                server.signal(Libc.SIGHUP);
                server.await(Duration.ofSeconds(40), () -> Collections.disjoint(before, server.workerPids())
                        && server.workerPids().size() == 2, () -> "two new workers after HUP");
                load.mark("the old workers gone");
                server.awaitReadyWorkers(2, Duration.ofSeconds(30));
                load.mark("2 ready; TTIN");
                server.signal(Libc.SIGTTIN);
                server.awaitReadyWorkers(3, Duration.ofSeconds(40));
                load.mark("3 ready; TTOU");
                server.signal(Libc.SIGTTOU);
                server.awaitReadyWorkers(2, Duration.ofSeconds(40));
                load.mark("2 ready");
                long okAfter = load.okSoFar();
                server.await(Duration.ofSeconds(10), () -> load.okSoFar() > okAfter + 200, () -> "more load");
                r = load.stop();
            }
            report("reload", r, server);
            assertNoFailures(r);
            assertEquals(2, server.restarts("reload"));
            assertEquals(0, server.stop());
        }
    }

    @Test
    void aWorkerKilledWithSigkillIsReplacedAndOnlyItsRequestsFail() throws Exception {
        try (ServerProcess server = ServerProcess.start("kill9", 2, null, "-w", "2")) {
            Load.Result r;
            long replacedAfterMillis;
            try (Load load = Load.start(server.uri("/predict"), sampleRequest(), CLIENTS, Duration.ofSeconds(60), 1_000_000)) {
                server.await(Duration.ofSeconds(10), () -> load.okSoFar() > 500, () -> "load to start");
                long victim = server.workerPids().getFirst();
                long t0 = System.nanoTime();
                Libc.kill(victim, Libc.SIGKILL);
                server.await(Duration.ofSeconds(30), () -> {
                    try {
                        return !server.workerPids().contains(victim) && server.restarts("crashed") == 1
                                && server.metric("jconda_workers{state=\"ready\"}") == 2;
                    } catch (Exception e) {
                        return false;
                    }
                }, () -> "a replacement for " + victim);
                replacedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                long okAfter = load.okSoFar();
                server.await(Duration.ofSeconds(10), () -> load.okSoFar() > okAfter + 200, () -> "more load");
                r = load.stop();
            }
            report("kill -9 (replaced after " + replacedAfterMillis + " ms)", r, server);
            assertTrue(r.ok() > 0);
            // Only requests the dead worker held can fail: at most one per client connection.
            assertTrue(r.failed() <= CLIENTS, r.failed() + " failures: " + r.failures());
            assertTrue(replacedAfterMillis <= 5000, "replaced and ready after " + replacedAfterMillis + " ms");
            assertEquals(0, server.stop());
        }
    }

    @Test
    void aHungWorkerIsKilledAfterTheTimeoutAndAModelErrorIs500() throws Exception {
        try (ServerProcess server = ServerProcess.start("hung", 2, null, "-w", "2", "--timeout", "2")) {
            // Without --input-shape the model itself rejects a wrong width: that is the model failing, a 500.
            var failure = server.post("/predict", "{\"input\": [[1, 2, 3]]}");
            assertEquals(500, failure.statusCode(), failure.body());
            assertTrue(failure.body().startsWith("{\"error\":\""), failure.body());

            long victim = server.workerPids().getFirst();
            Libc.kill(victim, Libc.SIGSTOP);
            server.await(Duration.ofSeconds(20), () -> {
                try {
                    return !server.workerPids().contains(victim) && server.restarts("timeout") == 1;
                } catch (Exception e) {
                    return false;
                }
            }, () -> "the stopped worker " + victim + " to be killed");
            server.awaitReadyWorkers(2, Duration.ofSeconds(30));
            assertTrue(server.log().contains("WORKER TIMEOUT (pid:" + victim + ")"));
            assertEquals(200, server.post("/predict", sampleRequest()).statusCode());
            assertEquals(0, server.stop());
        }
    }

    @Test
    void aModelThatCannotLoadStopsTheMasterWithExitCode3() throws Exception {
        Path bad = Files.createTempFile("not-a-model", ".pt");
        Files.writeString(bad, "this is not TorchScript");
        List<String> cmd = new ArrayList<>(ServerProcess.command("--model", bad.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the master gave up");
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(3, p.exitValue(), log);
        assertTrue(log.contains("Worker failed to boot"), log);
        Files.delete(bad);
    }

    @Test
    void aBadFlagIsOneLineAndExitCode2() throws Exception {
        Process p = new ProcessBuilder(ServerProcess.command("--workers", "many")).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(2, p.exitValue());
        assertTrue(out.startsWith("jconda-server: error: --workers: expected an integer, got 'many'"), out);
    }
}
