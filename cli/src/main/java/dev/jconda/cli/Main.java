package dev.jconda.cli;

import picocli.CommandLine;

/** Entry point: builds the command tree around one {@link Context} and exits with the command's code. */
public final class Main {
    private Main() {
    }

    /**
     * The commands that install packages: they make a temporary file before anything else they write, and run with C2
     * (see the launcher). Not `lock`: in its C1-only JVM a SecureRandom of its own cost a cold lock 0.15 s of CPU
     * (5 interleaved pairs), more than it saved.
     */
    private static final java.util.Set<String> INSTALLING = java.util.Set.of("env", "create", "install", "update");

    public static void main(String[] args) {
        if (args.length > 0 && INSTALLING.contains(args[0])) {
            // SecureRandom's first use (its provider, seeding the DRBG) took 20-35 ms of a new JVM, and came on the
            // path to a create's first download: the write check before anything is written makes a temporary file.
            // Begun here, on the other core, it is over while picocli builds the command tree.
            Thread.ofPlatform().daemon().name("jconda-random-ahead")
                    .start(() -> new java.security.SecureRandom().nextLong());
        }
        Context context = new Context(System.getenv(), System.out, System.err);
        if (args.length == 0 || !args[0].equals("run")) {
            // `jconda run` leaves signals to the command it runs, which shares its process group
            Interruption.install(System.err);
        }
        int status = run(context, args);
        context.close(); // a thread left in a native call would hold the JVM's exit up for 300 ms
        System.exit(status);
    }

    public static int run(Context context, String... args) {
        ContextFactory factory = new ContextFactory(context);
        CommandLine cli = new CommandLine(new JcondaCommand(), factory);
        for (Class<?> command : JcondaCommand.subcommandsFor(args)) {
            cli.addSubcommand(new CommandLine(create(factory, command), factory));
        }
        cli.setExecutionExceptionHandler(new ErrorReporter(context));
        // `jconda run -n env serve -w 2`: everything from the command on belongs to the command, as in `conda run`
        CommandLine run = cli.getSubcommands().get("run");
        if (run != null) {
            run.setStopAtPositional(true);
        }
        cli.setParameterExceptionHandler((ex, argv) -> {
            context.err().println("jconda: error: " + ex.getMessage().replaceAll("\\s*\\R\\s*", " ").strip());
            if (ex instanceof CommandLine.UnmatchedArgumentException unmatched
                    && !unmatched.getSuggestions().isEmpty()) {
                String qualified = ex.getCommandLine().getCommandSpec().qualifiedName();
                boolean option = unmatched.getUnmatched().getFirst().startsWith("-");
                context.err().println("Did you mean: " + unmatched.getSuggestions().stream()
                        .map(s -> option ? s : qualified + " " + s)
                        .collect(java.util.stream.Collectors.joining(" or ")) + "?");
            }
            context.err().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.BAD_INPUT;
        });
        cli.setOut(new java.io.PrintWriter(context.out(), true));
        cli.setErr(new java.io.PrintWriter(context.err(), true));
        return cli.execute(args);
    }

    private static Object create(ContextFactory factory, Class<?> command) {
        try {
            return factory.create(command);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the command " + command.getSimpleName(), e);
        }
    }

    /** Gives commands that take a {@link Context} in their constructor the one made in {@link #main}. */
    private record ContextFactory(Context context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getDeclaredConstructor(Context.class).newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
