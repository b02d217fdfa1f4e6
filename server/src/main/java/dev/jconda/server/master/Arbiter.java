package dev.jconda.server.master;

import dev.jconda.server.ControlProtocol;
import dev.jconda.server.Log;
import dev.jconda.server.config.Flags;
import dev.jconda.server.config.ServerOptions;
import dev.jconda.server.config.WorkerClass;
import dev.jconda.server.config.UsageError;
import dev.jconda.server.metrics.MetricsRegion;
import dev.jconda.server.metrics.RestartReason;
import dev.jconda.server.posix.ExitStatus;
import dev.jconda.server.posix.Libc;
import dev.jconda.server.posix.PipeLines;
import dev.jconda.server.posix.PosixException;
import dev.jconda.server.posix.Signals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The master, after Gunicorn's arbiter: one loop on one thread that takes events (worker messages, worker exits,
 * signals) from a queue, and every tick (250 ms) murders hung workers, kills workers that overran their graceful stop,
 * and spawns or stops workers until the count is right.
 *
 * <p>Replacement is always replace-first: a worker that must go (RETIRE after --max-requests, HUP) keeps serving
 * until its successor reports READY, and only then is told to STOP. Since the listening socket stays open in the
 * master all along, at every moment some process is accepting or the connection waits in the kernel queue.
 */
public final class Arbiter {
    private sealed interface Event {}

    private record WorkerMessage(WorkerProcess worker, String line) implements Event {}

    private record WorkerExited(WorkerProcess worker, ExitStatus status) implements Event {}

    private record SignalReceived(String name) implements Event {}

    private static final long TICK_MILLIS = 250;
    private static final long FAST_STOP_MILLIS = 1000;
    /** How long the accept queue must stay empty before a graceful stop tells the workers to stop accepting. */
    private static final long HANDSHAKE_GRACE_MILLIS = 100;
    private static final int MAX_BOOT_FAILURES_BEFORE_READY = 3;

    private final List<String> rawArgs;
    private final Map<String, String> env;
    private final Path cwd;
    private final Log log;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<WorkerProcess> workers = new ArrayList<>();
    private final ArrayDeque<RestartReason> pendingRestarts = new ArrayDeque<>();

    private ServerOptions options;
    private int target;
    private int generation;
    private ListenSocket listener;
    private int metricsFd = -1;
    private MetricsRegion metrics;
    private boolean stopping;
    private int exitCode;
    private boolean anyWorkerReady;
    private int consecutiveBootFailures;
    private long lastBootFailureMillis;
    private Optional<MemoryLimit> memoryLimit = Optional.empty();
    /** The models' size on disk, measured at start and at each reload (when the models may change), not per spawn. */
    private long modelBytes;
    private String heapLogged;

    public Arbiter(ServerOptions options, List<String> rawArgs, Map<String, String> env, Path cwd, Log log) {
        this.options = options;
        this.target = options.workers();
        this.rawArgs = List.copyOf(rawArgs);
        this.env = Map.copyOf(env);
        this.cwd = cwd;
        this.log = log;
    }

    /** Runs until the server is stopped; returns the process exit code. */
    public int run() {
        log.info("Starting jconda-server " + version());
        try {
            listener = ListenSocket.bind(options.bind(), options.backlog());
        } catch (IOException e) {
            log.error("Cannot listen on " + options.bind().flagValue() + ": " + e.getMessage());
            return 1;
        }
        log.info("Listening at: " + listener.url() + " (" + ProcessHandle.current().pid() + ")");
        log.info("Using worker: " + options.workerClass().flagValue() + ", model" + (options.models().size() > 1 ? "s " : " ")
                + options.models().stream().map(m -> options.models().size() > 1 ? m.flagValue() : m.path().toString())
                        .collect(Collectors.joining(", ")));
        try {
            metricsFd = Libc.moveAbove(Libc.memfd("jconda-metrics", MetricsRegion.SIZE), 10);
            metrics = MetricsRegion.map(metricsFd, true);
        } catch (IOException e) {
            log.error("Cannot create the shared metrics region: " + e.getMessage());
            return 1;
        }
        metrics.targetWorkers(target);
        memoryLimit = MemoryLimit.detect();
        modelBytes = modelBytes();
        installSignals();
        loop();
        listener.close();
        log.info("Shutting down: Master");
        return exitCode;
    }

    private void loop() {
        manageWorkers();
        while (!(stopping && workers.isEmpty())) {
            try {
                Event e = events.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
                while (e != null) {
                    handle(e);
                    e = events.poll();
                }
            } catch (InterruptedException e) {
                beginStop(false);
            }
            long now = System.currentTimeMillis();
            murderHungWorkers(now);
            killOverdueStops(now);
            manageWorkers();
        }
    }

    private void handle(Event event) {
        switch (event) {
            case WorkerMessage m -> onMessage(m.worker(), m.line());
            case WorkerExited x -> onExit(x.worker(), x.status());
            case SignalReceived s -> onSignal(s.name());
        }
    }

    // ---- events ------------------------------------------------------------------------------------------------

    private void onMessage(WorkerProcess w, String line) {
        switch (line) {
            case ControlProtocol.READY -> {
                if (w.state != WorkerProcess.State.BOOTING) {
                    return;
                }
                w.state = WorkerProcess.State.READY;
                anyWorkerReady = true;
                consecutiveBootFailures = 0;
                log.info("Worker ready (pid: " + w.pid + ")" + (w.restartReason == null ? ""
                        : ", replacing a worker (" + w.restartReason.label() + ")"));
                if (w.restartReason != null) {
                    metrics.restarted(w.restartReason);
                }
                WorkerProcess old = w.replaces;
                if (old != null) {
                    w.replaces = null;
                    old.successor = null;
                    stop(old, ControlProtocol.STOP);
                }
                if (stopping) {
                    stop(w, ControlProtocol.SHUTDOWN);
                }
            }
            case ControlProtocol.RETIRE -> {
                if (w.state != WorkerProcess.State.STOPPING && w.retireReason == null) {
                    w.retireReason = RestartReason.MAX_REQUESTS;
                    log.info("Worker (pid: " + w.pid + ") reached max requests; starting its successor");
                }
            }
            default -> log.warning("Unknown message from worker " + w.pid + ": " + line);
        }
    }

    private void onExit(WorkerProcess w, ExitStatus status) {
        workers.remove(w);
        metrics.release(w.slot);
        w.closePipe();
        if (w.state == WorkerProcess.State.STOPPING) {
            log.info("Worker exited (pid: " + w.pid + ", " + status + ")");
            return;
        }
        boolean wasReady = w.state == WorkerProcess.State.READY;
        if (status.killedBySignal()) {
            log.error("Worker (pid:" + w.pid + ") was " + (w.timedOut ? "timed out and " : "")
                    + "killed by signal " + status.signal() + "!");
        } else {
            log.error("Worker (pid:" + w.pid + ") exited with code " + status.code()
                    + (wasReady ? "" : " before it was ready"));
        }
        if (!wasReady) {
            consecutiveBootFailures++;
            lastBootFailureMillis = System.currentTimeMillis();
            // Never ready and failing: a broken model or libtorch. Stop with Gunicorn's boot-error code rather than
            // respawn forever; once some worker has served, keep serving and retry with back-off instead.
            if (!anyWorkerReady && (status.code() == ControlProtocol.EXIT_BOOT_ERROR
                    || consecutiveBootFailures >= MAX_BOOT_FAILURES_BEFORE_READY)) {
                log.error("Worker failed to boot; shutting down (see the worker's error above)");
                exitCode = ControlProtocol.EXIT_BOOT_ERROR;
                beginStop(false);
                return;
            }
        }
        if (w.replaces != null) {
            // A successor died while booting: its predecessor keeps serving and gets another successor.
            w.replaces.successor = null;
            return;
        }
        if (w.successor != null) {
            // The booting successor now simply takes the dead worker's place.
            w.successor.replaces = null;
            return;
        }
        if (!stopping) {
            pendingRestarts.add(w.timedOut ? RestartReason.TIMEOUT : RestartReason.CRASHED);
        }
    }

    private void onSignal(String name) {
        log.info("Handling signal: " + name.toLowerCase(Locale.ROOT));
        switch (name) {
            case "HUP" -> reload();
            case "TTIN" -> {
                target++;
                metrics.targetWorkers(target);
                log.info("Number of workers: " + target);
            }
            case "TTOU" -> {
                if (target > 1) {
                    target--;
                    metrics.targetWorkers(target);
                }
                log.info("Number of workers: " + target);
            }
            case "TERM" -> beginStop(true);
            default -> beginStop(false);
        }
    }

    /** HUP: re-read the config file and flags, then replace every worker, new ones READY before old ones go. */
    private void reload() {
        if (stopping) {
            return;
        }
        ServerOptions next;
        try {
            Flags.Command command = Flags.parse(rawArgs, env, cwd);
            if (!(command instanceof Flags.Command.Run run)) {
                return;
            }
            next = run.options();
        } catch (UsageError e) {
            log.error("Reload failed, keeping the running configuration: " + e.getMessage());
            return;
        }
        if (!next.bind().equals(options.bind()) || next.backlog() != options.backlog()) {
            log.warning("--bind and --backlog changes need a restart; keeping " + options.bind().flagValue());
        }
        options = next.keepingListenerOf(options);
        modelBytes = modelBytes();
        target = options.workers();
        metrics.targetWorkers(target);
        generation++;
        for (WorkerProcess w : workers) {
            if (w.state != WorkerProcess.State.STOPPING && w.generation < generation) {
                w.retireReason = RestartReason.RELOAD;
            }
        }
        log.info("Reloading: replacing " + workers.size() + " worker(s)");
    }

    private void beginStop(boolean graceful) {
        if (stopping && graceful) {
            return;
        }
        stopping = true;
        if (graceful) {
            drainAcceptQueue();
        }
        long now = System.currentTimeMillis();
        for (WorkerProcess w : workers) {
            if (graceful) {
                if (w.state != WorkerProcess.State.STOPPING) {
                    stop(w, ControlProtocol.SHUTDOWN);
                }
            } else {
                w.state = WorkerProcess.State.STOPPING;
                w.send(ControlProtocol.QUIT);
                w.stopDeadlineMillis = Math.min(w.stopDeadlineMillis == 0 ? Long.MAX_VALUE : w.stopDeadlineMillis,
                        now + FAST_STOP_MILLIS);
            }
        }
    }

    /**
     * Stops accepting first, then drains: the kernel takes no new connection, and the workers keep accepting until
     * the queue is empty, so that no client whose connection was established sees it reset when the socket closes.
     * The queue must stay empty for a moment before the drain ends: a handshake whose SYN-ACK went out before the
     * refusal joins the queue only when the client's ACK arrives, a round trip later.
     */
    private void drainAcceptQueue() {
        long until = System.currentTimeMillis() + options.gracefulTimeoutSeconds() * 1000L;
        try {
            listener.refuseNewConnections();
            long emptySince = System.currentTimeMillis();
            while (System.currentTimeMillis() < until
                    && workers.stream().anyMatch(w -> w.state == WorkerProcess.State.READY)) {
                long now = System.currentTimeMillis();
                if (listener.hasQueuedConnections()) {
                    emptySince = now;
                } else if (now - emptySince >= HANDSHAKE_GRACE_MILLIS) {
                    break;
                }
                Thread.sleep(10);
            }
        } catch (PosixException e) {
            log.warning("Cannot stop new connections before draining: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the periodic duties -----------------------------------------------------------------------------------

    private void stop(WorkerProcess w, String command) {
        w.state = WorkerProcess.State.STOPPING;
        // Slack for the worker's own lingering closes after its graceful timeout.
        w.stopDeadlineMillis = System.currentTimeMillis() + options.gracefulTimeoutSeconds() * 1000L + 3000;
        if (w.successor != null) {
            w.successor.replaces = null;
            w.successor = null;
        }
        if (!w.send(command)) {
            w.kill();
        }
    }

    private void murderHungWorkers(long now) {
        if (options.timeoutSeconds() == 0) {
            return;
        }
        long limit = options.timeoutSeconds() * 1000L;
        for (WorkerProcess w : workers) {
            if (w.state == WorkerProcess.State.STOPPING || w.killed) {
                continue;
            }
            MetricsRegion.Slot slot = metrics.slot(w.slot);
            long lastBeat = Math.max(slot.heartbeatMillis(), w.spawnedAtMillis);
            long oldest = slot.oldestInflightStartMillis();
            if (now - lastBeat > limit || (oldest != 0 && now - oldest > limit)) {
                log.error("WORKER TIMEOUT (pid:" + w.pid + ")" + (now - lastBeat > limit
                        ? ": no heartbeat for " + (now - lastBeat) + " ms"
                        : ": a request has run for " + (now - oldest) + " ms"));
                w.timedOut = true;
                w.kill();
            }
        }
    }

    private void killOverdueStops(long now) {
        for (WorkerProcess w : workers) {
            if (w.state == WorkerProcess.State.STOPPING && !w.killed && now > w.stopDeadlineMillis) {
                log.warning("Worker (pid:" + w.pid + ") did not stop in time; sending SIGKILL");
                w.kill();
            }
        }
    }

    private void manageWorkers() {
        if (stopping) {
            return;
        }
        for (WorkerProcess w : new ArrayList<>(workers)) {
            if (w.retireReason != null && w.state != WorkerProcess.State.STOPPING && w.successor == null
                    && spawnAllowed()) {
                WorkerProcess s = spawn(w.retireReason);
                if (s != null) {
                    s.replaces = w;
                    w.successor = s;
                }
            }
        }
        int count = activeCount();
        while (count < target && spawnAllowed()) {
            if (spawn(pendingRestarts.poll()) == null) {
                break;
            }
            count++;
        }
        if (count >= target) {
            pendingRestarts.clear();
        }
        while (count > target) {
            Optional<WorkerProcess> victim = workers.stream()
                    .filter(w -> w.state != WorkerProcess.State.STOPPING && w.replaces == null && w.successor == null)
                    .min(Comparator.comparingInt((WorkerProcess w) -> w.retireReason != null ? 0 : 1)
                            .thenComparingInt(w -> w.state == WorkerProcess.State.READY ? 0 : 1)
                            .thenComparingLong(w -> w.spawnedAtMillis));
            if (victim.isEmpty()) {
                break;
            }
            log.info("Stopping worker (pid: " + victim.get().pid + ") to reach " + target + " worker(s)");
            stop(victim.get(), ControlProtocol.STOP);
            count--;
        }
    }

    /** Workers that count towards --workers: a retiring worker and its booting successor count once. */
    private int activeCount() {
        int n = 0;
        for (WorkerProcess w : workers) {
            if (w.state != WorkerProcess.State.STOPPING && w.replaces == null) {
                n++;
            }
        }
        return n;
    }

    /** Exponential back-off after workers die before READY, so a broken model does not spin the CPU. */
    private boolean spawnAllowed() {
        if (consecutiveBootFailures == 0) {
            return true;
        }
        long backoff = Math.min(30_000L, 500L << Math.min(6, consecutiveBootFailures - 1));
        return System.currentTimeMillis() - lastBootFailureMillis >= backoff;
    }

    // ---- spawning ----------------------------------------------------------------------------------------------

    private WorkerProcess spawn(RestartReason reason) {
        long now = System.currentTimeMillis();
        int slot = metrics.claim(now);
        if (slot < 0) {
            log.error("Too many workers: no free metrics slot");
            return null;
        }
        int[] up;
        int[] down;
        try {
            up = Libc.pipe();
            down = Libc.pipe();
            up[0] = Libc.moveAbove(up[0], 10);
            up[1] = Libc.moveAbove(up[1], 10);
            down[0] = Libc.moveAbove(down[0], 10);
            down[1] = Libc.moveAbove(down[1], 10);
        } catch (PosixException e) {
            log.error("Cannot create worker pipes: " + e.getMessage());
            metrics.release(slot);
            return null;
        }
        int[] fds = new int[ControlProtocol.FD_COUNT];
        fds[ControlProtocol.FD_LISTENER] = listener.fd();
        fds[1] = -1;
        fds[2] = -1;
        fds[ControlProtocol.FD_TO_MASTER] = up[1];
        fds[ControlProtocol.FD_FROM_MASTER] = down[0];
        fds[ControlProtocol.FD_METRICS] = metricsFd;
        int pid;
        try {
            pid = Libc.spawn(workerCommand(slot), workerEnvironment(), fds);
        } catch (PosixException e) {
            log.error("Cannot start a worker: " + e.getMessage());
            for (int fd : new int[] {up[0], up[1], down[0], down[1]}) {
                Libc.close(fd);
            }
            metrics.release(slot);
            consecutiveBootFailures++;
            lastBootFailureMillis = now;
            return null;
        }
        Libc.close(up[1]);
        Libc.close(down[0]);
        metrics.slot(slot).pid(pid);
        WorkerProcess w = new WorkerProcess(pid, slot, generation, now, reason, down[1]);
        workers.add(w);
        log.info("Booting worker with pid: " + pid);
        int fromWorker = up[0];
        Thread.ofPlatform().name("worker-" + pid).daemon(true).start(() -> watch(w, fromWorker));
        return w;
    }

    /** One thread per worker: forwards its messages; at end of file the worker is dead, so reap it. */
    private void watch(WorkerProcess w, int fromWorker) {
        try (PipeLines lines = new PipeLines(fromWorker)) {
            String line;
            while ((line = lines.readLine()) != null) {
                events.add(new WorkerMessage(w, line.strip()));
            }
        } catch (PosixException e) {
            log.warning("Reading from worker " + w.pid + ": " + e.getMessage());
        }
        ExitStatus status;
        try {
            status = ExitStatus.decode(Libc.waitpid(w.pid));
        } catch (PosixException e) {
            status = new ExitStatus(-1, -1);
        }
        events.add(new WorkerExited(w, status));
    }

    private String[] workerCommand(int slot) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(options.workerJavaOpts());
        cmd.addAll(workerHeap().javaOptions());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        if (options.workerJavaOpts().stream().noneMatch(o -> o.contains("jdk.virtualThreadScheduler.parallelism"))) {
            // Each worker's share of the cores carries its virtual threads: more carriers than that only add
            // runnable threads fighting over the same cores (measured: p99 21 ms -> 9 ms with 2 workers on 2 cores).
            int share = Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, target));
            if (options.workerClass() == WorkerClass.SYNC && !options.batching()) {
                // A sync worker runs --threads model calls at once on its connections' threads, each holding its
                // carrier for the call (native code), plus one carrier for the network while they run. Measured
                // with 2 workers on 2 loaded cores, 1 carrier against 2, interleaved: p99 19/46/100 ms against
                // 10/6/37 ms, the same CPU per request (bench/README.md, "CPU per request").
                share = Math.max(share, options.threads() + 1);
            }
            cmd.add("-Djdk.virtualThreadScheduler.parallelism=" + share);
        }
        if (options.workerJavaOpts().stream().noneMatch(o -> o.contains("jdk.pollerMode"))) {
            // Platform poller threads that unpark a connection's virtual thread themselves, instead of the JDK's
            // default on Linux (virtual-thread pollers woken by a master poller: one more hand-off per wake-up).
            // Interleaved on 2 cores, 7 pairs of 8 s wrk -c32 rounds: p99 lower in 7 of 7 (e.g. 1.95 against
            // 2.37 ms, 4.25 against 5.67 ms), CPU per request within a few percent either way (bench/README.md).
            cmd.add("-Djdk.pollerMode=1");
        }
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("ai.djl.") || key.startsWith("PYTORCH_") || key.startsWith("DJL_")
                    || key.equals("ENGINE_CACHE_DIR") || key.startsWith("org.slf4j.") || key.startsWith("jconda.")) {
                cmd.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.jconda.server.Main");
        cmd.add(ControlProtocol.WORKER_FLAG);
        cmd.add(Integer.toString(slot));
        cmd.addAll(options.toArgs());
        return cmd.toArray(String[]::new);
    }

    /** The heap for a worker spawned now, from the current count; said in the log at boot and when it changes. */
    private WorkerHeap workerHeap() {
        WorkerHeap heap = WorkerHeap.choose(memoryLimit, options.workerJavaOpts(), env, target, modelBytes);
        String line = heap.describe();
        if (!line.equals(heapLogged)) {
            heapLogged = line;
            if (heap instanceof WorkerHeap.Budgeted b && !b.fits()) {
                log.warning(line);
            } else {
                log.info(line);
            }
        }
        return heap;
    }

    /** The models' bytes on disk: each worker holds their weights in libtorch's native memory. */
    private long modelBytes() {
        long bytes = 0;
        for (var model : options.models()) {
            try (Stream<Path> files = Files.walk(model.path())) {
                bytes += files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
            } catch (IOException | UncheckedIOException e) {
                // an unreadable model fails the worker's boot with its own message; the budget just omits it
            }
        }
        return bytes;
    }

    private String[] workerEnvironment() {
        Map<String, String> e = new HashMap<>(System.getenv());
        // Workers never download: no libtorch, JNI or model from the network, whatever DJL would default to.
        e.put("DJL_OFFLINE", "true");
        options.apiKey().ifPresent(k -> e.put(Flags.API_KEY_ENV, k));
        return e.entrySet().stream().map(x -> x.getKey() + "=" + x.getValue()).toArray(String[]::new);
    }

    private static String version() {
        String v = Arbiter.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }

    // ---- signals -----------------------------------------------------------------------------------------------

    private void installSignals() {
        for (String name : new String[] {"HUP", "TERM", "INT", "TTIN", "TTOU"}) {
            if (!Signals.handle(name, () -> events.add(new SignalReceived(name)))) {
                log.warning("Cannot handle SIG" + name + " (taken by the JVM or ignored)");
            }
        }
    }
}
