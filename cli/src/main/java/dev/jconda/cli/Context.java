package dev.jconda.cli;

import dev.jconda.platform.MachineFacts;
import dev.jconda.platform.SystemMachineProbe;
import dev.jconda.platform.VirtualPackages;
import dev.jconda.prefix.JcondaHome;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * What every command needs from the outside world, made once in {@link Main} and passed in: the process
 * environment, jconda's home, the output streams. Machine detection is lazy: most commands never need it, and a
 * command that will can start it early ({@link #probeMachineAhead}).
 */
public final class Context {
    private final Map<String, String> env;
    private final JcondaHome home;
    private final PrintStream out;
    private final PrintStream err;
    private MachineFacts machine;
    /** What virtual packages need, probed without the hardware inventory: started early, or on first use. */
    private FutureTask<MachineFacts> probing;
    private dev.jconda.cache.HttpTransport http;

    public Context(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = Map.copyOf(env);
        this.home = JcondaHome.fromEnvironment(env);
        this.out = out;
        this.err = err;
    }

    public Map<String, String> env() { return env; }

    public JcondaHome home() { return home; }

    public PrintStream out() { return out; }

    public PrintStream err() { return err; }

    /** The package cache, telling the user on stderr what it repairs and which downloads are slow. */
    public dev.jconda.cache.PackageCache packageCache() {
        return packageCache(dev.jconda.cache.DownloadProgress.SILENT);
    }

    /** The same, also telling {@code display} how each download advances (a terminal's progress line). */
    public dev.jconda.cache.PackageCache packageCache(dev.jconda.cache.DownloadProgress display) {
        return new dev.jconda.cache.PackageCache(home.pkgs(), notice -> err.println("jconda: " + notice), http(),
                new SlowDownloads(err, http().policy().slowAfter(), display));
    }

    /**
     * The process's one HTTP client (checksum lookups, channel indexes, package downloads), with the network
     * settings of the environment ({@code JCONDA_REMOTE_*}) and the credentials of Maven's settings.xml.
     */
    public synchronized dev.jconda.cache.HttpTransport http() {
        if (http == null) {
            http = new dev.jconda.cache.HttpTransport(dev.jconda.cache.DownloadPolicy.fromEnvironment(env),
                    dev.jconda.channels.maven.MavenSettings.read(env).authenticator(),
                    dev.jconda.cache.HttpTransport.DEFAULT_CONCURRENCY,
                    dev.jconda.cache.HttpTransport.HTTP2_CONCURRENCY);
        }
        return http;
    }

    /** Ends what the command left running in the background (the HTTP client's selector thread). */
    public synchronized void close() {
        if (http != null) {
            http.close();
        }
    }

    /**
     * Starts detecting what virtual packages need on a thread of its own, for a command that will need them once
     * other work is done: {@code env create} from a lock reads and checks the lock first. The probe ({@code getconf},
     * {@code nvidia-smi}, {@code /proc}) then overlaps reading the lock; {@link #virtualPackages()} waits for it.
     */
    public synchronized void probeMachineAhead() {
        if (machine == null && probing == null) {
            probing = new FutureTask<>(() -> new SystemMachineProbe().probeForVirtualPackages());
            Thread.ofPlatform().daemon().name("jconda-machine-probe").start(probing);
        }
    }

    /** Everything the probe finds, the hardware inventory (CPU model, memory, every graphics card) included. */
    public synchronized MachineFacts machine() {
        if (machine == null) {
            machine = new SystemMachineProbe().probe();
        }
        return machine;
    }

    /** The facts virtual packages are made of: the whole machine when it was probed, else the lighter probe. */
    private MachineFacts factsForVirtualPackages() {
        FutureTask<MachineFacts> pending;
        synchronized (this) {
            if (machine != null) {
                return machine;
            }
            if (probing == null) {
                probing = new FutureTask<>(() -> new SystemMachineProbe().probeForVirtualPackages());
            }
            pending = probing;
        }
        pending.run(); // here, unless a thread started it ahead: a task runs once, and get() waits for it
        return awaitProbe(pending); // outside the lock: http() must not wait for the probe
    }

    /** The probe's result, or its failure as the probe threw it. */
    private static MachineFacts awaitProbe(FutureTask<MachineFacts> pending) {
        try {
            return pending.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("cannot detect this machine: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while detecting this machine", e);
        }
    }

    public VirtualPackages virtualPackages() {
        return new VirtualPackages(factsForVirtualPackages(), env);
    }

    /** The jar of the bundled server, where the launcher says ({@code -Djconda.server.jar}); null without one. */
    public Path serverJar() {
        String configured = System.getProperty("jconda.server.jar");
        return configured == null ? null : Path.of(configured);
    }
}
