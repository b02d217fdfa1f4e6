package dev.jconda.cli;

import dev.jconda.platform.MachineFacts;
import dev.jconda.platform.SystemMachineProbe;
import dev.jconda.platform.VirtualPackages;
import dev.jconda.prefix.JcondaHome;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What every command needs from the outside world, made once in {@link Main} and passed in: the process
 * environment, jconda's home, the output streams. Machine detection is lazy: most commands never need it.
 */
public final class Context {
    private final Map<String, String> env;
    private final JcondaHome home;
    private final PrintStream out;
    private final PrintStream err;
    private MachineFacts machine;
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
                    dev.jconda.cache.HttpTransport.DEFAULT_CONCURRENCY);
        }
        return http;
    }

    /** Ends what the command left running in the background (the HTTP client's selector thread). */
    public synchronized void close() {
        if (http != null) {
            http.close();
        }
    }

    public synchronized MachineFacts machine() {
        if (machine == null) {
            machine = new SystemMachineProbe().probe();
        }
        return machine;
    }

    public VirtualPackages virtualPackages() {
        return new VirtualPackages(machine(), env);
    }

    /** The jar of the bundled server, where the launcher says ({@code -Djconda.server.jar}); null without one. */
    public Path serverJar() {
        String configured = System.getProperty("jconda.server.jar");
        return configured == null ? null : Path.of(configured);
    }
}
