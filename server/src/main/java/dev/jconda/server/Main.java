package dev.jconda.server;

import dev.jconda.server.config.Flags;
import dev.jconda.server.config.ModelSpec;
import dev.jconda.server.config.ServerOptions;
import dev.jconda.server.config.UsageError;
import dev.jconda.server.master.Arbiter;
import dev.jconda.server.posix.FdOutput;
import dev.jconda.server.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -cp <jconda-server.jar + DJL> dev.jconda.server.Main [OPTIONS]} starts the master; the master starts
 * itself again with {@link ControlProtocol#WORKER_FLAG} for each worker. Usage errors end here as one line and
 * exit code 2.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Path cwd = Path.of("").toAbsolutePath();
        if (args.length >= 2 && args[0].equals(ControlProtocol.WORKER_FLAG)) {
            Runtime.getRuntime().halt(runWorker(args, cwd));
        }
        Flags.Command command;
        try {
            command = Flags.parse(List.of(args), System.getenv(), cwd);
        } catch (UsageError e) {
            usageError(e.getMessage());
            return;
        }
        switch (command) {
            case Flags.Command.Help h -> {
                System.out.print(Flags.usage());
                System.exit(0);
            }
            case Flags.Command.Version v -> {
                System.out.println("jconda-server " + version());
                System.exit(0);
            }
            case Flags.Command.Run run -> {
                ServerOptions options = run.options();
                for (ModelSpec m : options.models()) {
                    if (!Files.exists(m.path())) {
                        usageError("--model: no such file: " + m.path());
                    }
                }
                Log log = new Log(new FdOutput(2), options.logLevel());
                System.exit(new Arbiter(options, Arrays.asList(args), System.getenv(), cwd, log).run());
            }
        }
    }

    private static int runWorker(String[] args, Path cwd) {
        try {
            int slot = Integer.parseInt(args[1]);
            Flags.Command command = Flags.parse(Arrays.asList(args).subList(2, args.length), System.getenv(), cwd);
            if (command instanceof Flags.Command.Run run) {
                return Worker.run(slot, run.options());
            }
            return ControlProtocol.EXIT_USAGE;
        } catch (UsageError | NumberFormatException e) {
            System.err.println("jconda-server worker: error: " + e.getMessage());
            return ControlProtocol.EXIT_USAGE;
        }
    }

    private static void usageError(String message) {
        System.err.println("jconda-server: error: " + message);
        System.err.println("Run with --help for the options.");
        System.exit(ControlProtocol.EXIT_USAGE);
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
