package dev.jconda.server.worker;

import dev.jconda.server.ControlProtocol;
import dev.jconda.server.Log;
import dev.jconda.server.config.ModelSpec;
import dev.jconda.server.config.ServerOptions;
import dev.jconda.server.http.HttpServer;
import dev.jconda.server.http.HttpSettings;
import dev.jconda.server.json.BodyError;
import dev.jconda.server.json.TensorParser;
import dev.jconda.server.logging.LibraryLogs;
import dev.jconda.server.metrics.MetricsRegion;
import dev.jconda.server.model.DjlModel;
import dev.jconda.server.model.InferenceException;
import dev.jconda.server.model.InferenceModel;
import dev.jconda.server.model.ModelLoadException;
import dev.jconda.server.model.Tensor;
import dev.jconda.server.posix.FdOutput;
import dev.jconda.server.posix.PipeLines;
import dev.jconda.server.posix.PosixException;
import dev.jconda.server.posix.Signals;
import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * One worker JVM: load and warm the model, serve HTTP on the inherited socket, report READY; on RETIRE's answer
 * (STOP) stop accepting, finish what it has, exit. Started only by the master, with the fds of
 * {@link ControlProtocol}.
 */
public final class Worker {
    private static final int NETWORK_TIMEOUT_SECONDS = 10;
    private final int slotIndex;
    private final ServerOptions options;
    private final BlockingQueue<String> commands = new LinkedBlockingQueue<>();
    private final Object lifecycle = new Object();
    private boolean serving;
    private volatile boolean ready;
    private volatile boolean shuttingDown;
    private volatile HttpServer server;
    private Log log;

    private Worker(int slotIndex, ServerOptions options) {
        this.slotIndex = slotIndex;
        this.options = options;
    }

    /** Runs the worker to its end and returns the process exit code. */
    public static int run(int slotIndex, ServerOptions options) {
        return new Worker(slotIndex, options).run();
    }

    private int run() {
        // Our own copy of stderr: closing the inherited channel points fds 0-2 at /dev/null (see the spike).
        log = new Log(FdOutput.duplicate(2), options.logLevel());
        LibraryLogs.routeTo(log);
        MetricsRegion region;
        try {
            region = MetricsRegion.map(ControlProtocol.FD_METRICS, false);
        } catch (IOException e) {
            log.error("Worker failed to boot: no metrics region on fd " + ControlProtocol.FD_METRICS + ": " + e.getMessage());
            return ControlProtocol.EXIT_BOOT_ERROR;
        }
        MetricsRegion.Slot slot = region.slot(slotIndex);
        startHeartbeat(slot);
        startControlReader();
        installSignals();

        DjlModel.configureEngineDefaults();
        long t0 = System.nanoTime();
        List<DjlModel> loaded = new ArrayList<>();
        try {
            for (ModelSpec spec : options.models()) {
                loaded.add(DjlModel.load(spec.path()));
            }
        } catch (ModelLoadException e) {
            log.error("Worker failed to boot: " + e.getMessage(), e);
            return ControlProtocol.EXIT_BOOT_ERROR;
        } catch (RuntimeException | LinkageError e) {
            log.error("Worker failed to boot: cannot start the engine: " + e, e);
            return ControlProtocol.EXIT_BOOT_ERROR;
        }
        long loadMillis = (System.nanoTime() - t0) / 1_000_000;
        log.info("Model" + (loaded.size() > 1 ? "s " : " ")
                + options.models().stream().map(ModelSpec::name).collect(Collectors.joining(", ")) + " on "
                + loaded.stream().map(DjlModel::describeDevice).distinct().collect(Collectors.joining("; ")));
        slot.modelLoadMillis(loadMillis);
        long t1 = System.nanoTime();
        int warmups;
        List<ServedModel.OutputInfo> outputs = new ArrayList<>();
        try {
            warmups = warmUp(loaded.getFirst(), outputs);
        } catch (IOException | BodyError | InferenceException e) {
            log.error("Worker failed to boot: warm-up failed: " + e.getMessage(), e);
            return ControlProtocol.EXIT_BOOT_ERROR;
        }
        long warmMillis = (System.nanoTime() - t1) / 1_000_000;

        Channel inherited;
        try {
            inherited = System.inheritedChannel();
        } catch (IOException e) {
            inherited = null;
        }
        if (!(inherited instanceof ServerSocketChannel listener)) {
            log.error("Worker failed to boot: fd 0 is not a listening socket (workers are started by the master)");
            return ControlProtocol.EXIT_BOOT_ERROR;
        }
        AccessLog accessLog = null;
        if (options.accessLogfile().isPresent()) {
            try {
                accessLog = AccessLog.open(options.accessLogfile().get());
            } catch (IOException e) {
                log.error("Worker failed to boot: cannot open the access log: " + e.getMessage());
                return ControlProtocol.EXIT_BOOT_ERROR;
            }
        }
        long retireAfter = options.maxRequests() == 0 ? 0
                : options.maxRequests() + ThreadLocalRandom.current().nextInt(options.maxRequestsJitter() + 1);
        RequestAccounting accounting = new RequestAccounting(slot, accessLog, retireAfter, () -> {
            log.info("Reached max requests (" + retireAfter + "); asking the master for a successor");
            PipeLines.send(ControlProtocol.FD_TO_MASTER, ControlProtocol.RETIRE);
        });
        ModelQueue queue = new ModelQueue(ModelQueue.capacity(options.maxQueue(), ServedModels.modelThreads(options)),
                slot);
        Endpoints endpoints = new Endpoints(ServedModels.assemble(options, loaded, outputs, slot), options.apiKey(),
                region, slot, () -> ready && !shuttingDown, ServedModels.runner(options), queue,
                options.queueFullStatus());
        // Network waits end the connection within the smaller of --timeout and 10 s; --timeout itself measures model
        // work only, so no client can get a worker killed by sending or reading slowly.
        int networkSeconds = Math.min(NETWORK_TIMEOUT_SECONDS,
                options.timeoutSeconds() == 0 ? NETWORK_TIMEOUT_SECONDS : options.timeoutSeconds());
        HttpSettings settings = new HttpSettings(options.limitRequestLine(), options.limitRequestFields(),
                options.limitRequestFieldSize(), options.limitRequestBody(), options.keepAliveSeconds() * 1000,
                networkSeconds * 1000, Runtime.getRuntime().maxMemory() / 4);

        server = new HttpServer(listener, endpoints, settings, accounting, new SiblingBalance(region, slotIndex), log);
        synchronized (lifecycle) {
            server.start();
            serving = true;
        }
        ready = true;
        slot.state(MetricsRegion.STATE_READY);
        PipeLines.send(ControlProtocol.FD_TO_MASTER, ControlProtocol.READY);
        log.info("Worker ready: model loaded in " + loadMillis + " ms, " + warmups + " warm-up runs in "
                + warmMillis + " ms, worker class " + options.workerClass().flagValue());

        String command = take();
        if (command.equals(ControlProtocol.SHUTDOWN)) {
            shuttingDown = true;
        }
        slot.state(MetricsRegion.STATE_STOPPING);
        server.stopAccepting();
        boolean clean = server.awaitConnections(options.gracefulTimeoutSeconds() * 1000L);
        if (!clean) {
            log.warning("Graceful timeout: closing " + server.openConnections() + " connection(s)");
            server.abortConnections();
        }
        log.info("Worker exiting");
        return 0;
    }

    private String take() {
        while (true) {
            try {
                return commands.take();
            } catch (InterruptedException e) {
                // keep waiting: only a command ends a worker
            }
        }
    }

    /** Commands from the control pipe or from signals. Before serving there is nothing to drain: exit at once. */
    private void command(String command) {
        if (command.equals(ControlProtocol.QUIT)) {
            Runtime.getRuntime().halt(0);
        }
        synchronized (lifecycle) {
            if (!serving) {
                Runtime.getRuntime().halt(0);
            }
            commands.add(command);
        }
    }

    /** Runs the warm-up inferences; returns how many ran. */
    private int warmUp(InferenceModel model, List<ServedModel.OutputInfo> outputs)
            throws IOException, BodyError, InferenceException {
        if (options.warmup() == 0) {
            return 0;
        }
        long[] shape;
        float[] values;
        if (options.warmupInput().isPresent()) {
            byte[] body = Files.readAllBytes(options.warmupInput().get());
            TensorParser.Input input = new TensorParser().parse(body, 0, body.length);
            shape = input.shape();
            values = input.values();
        } else if (options.warmupShape().isPresent()) {
            shape = options.warmupShape().get().concrete();
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            values = new float[Math.toIntExact(n)];
        } else {
            log.debug("No warm-up: give --warmup-shape or --warmup-input");
            return 0;
        }
        List<Tensor> last = List.of();
        for (int i = 0; i < options.warmup(); i++) {
            last = model.predict(shape, values);
        }
        for (Tensor t : last) {
            long[] s = t.shape().clone();
            if (s.length > 0) {
                s[0] = -1;
            }
            outputs.add(new ServedModel.OutputInfo(V2Json.datatype(t), s));
        }
        return options.warmup();
    }

    private void startHeartbeat(MetricsRegion.Slot slot) {
        long period = options.timeoutSeconds() == 0 ? 1000 : Math.clamp(options.timeoutSeconds() * 1000L / 4, 100, 1000);
        Thread.ofPlatform().name("heartbeat").daemon(true).start(() -> {
            while (true) {
                HttpServer s = server;
                slot.heartbeat(System.currentTimeMillis(), s == null ? 0 : s.oldestWorkStartMillis());
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private void startControlReader() {
        Thread.ofPlatform().name("control").daemon(true).start(() -> {
            try (PipeLines lines = new PipeLines(ControlProtocol.FD_FROM_MASTER)) {
                String line;
                while ((line = lines.readLine()) != null) {
                    String c = line.strip();
                    if (c.equals(ControlProtocol.STOP) || c.equals(ControlProtocol.SHUTDOWN)
                            || c.equals(ControlProtocol.QUIT)) {
                        command(c);
                    }
                }
                log.warning("The master is gone; stopping");
            } catch (PosixException e) {
                log.warning("Control pipe failed (" + e.getMessage() + "); stopping");
            }
            command(ControlProtocol.SHUTDOWN);
        });
    }

    private void installSignals() {
        handle("TERM", ControlProtocol.STOP);
        handle("INT", ControlProtocol.QUIT);
    }

    private void handle(String signal, String command) {
        if (!Signals.handle(signal, () -> command(command))) {
            log.debug("cannot handle SIG" + signal);
        }
    }
}
