package dev.jconda.cli;

import dev.jconda.run.RunEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Run a command inside an environment.",
                "",
                "The command sees JCONDA_PREFIX, JCONDA_DEFAULT_ENV, CLASSPATH (the environment's jars in solve "
                        + "order), PATH with the environment's bin/ and JDK first, LD_LIBRARY_PATH for its native "
                        + "libraries, JAVA_HOME, and the environment file's variables. Its exit code is jconda's exit "
                        + "code.",
                "",
                "Examples:",
                "  jconda run -n hello-jvm -- sh -c 'java -cp \"$CLASSPATH\" Main'",
                "  jconda run -n model-serving serve --workers 2"})
final class RunCommand implements java.util.concurrent.Callable<Integer> {
    private final Context context;

    @picocli.CommandLine.Mixin
    EnvironmentOption environment = new EnvironmentOption();

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "the command and its arguments")
    List<String> command = new ArrayList<>();

    RunCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Path target = environment.resolve(context);
        RunEnvironment environment = InstalledEnvironments.load(target);
        Map<String, String> vars = environment.variables(context.env());
        List<String> resolved = resolveCommand(command, vars);
        if (Path.of(resolved.getFirst()).toAbsolutePath().normalize()
                .equals(target.toAbsolutePath().normalize().resolve("bin").resolve("serve"))) {
            OutdatedServerNotice.of(context, target).ifPresent(n -> context.err().println("jconda: note: " + n));
        }
        ProcessBuilder pb = new ProcessBuilder(resolved).inheritIO();
        pb.environment().putAll(vars);
        try {
            return ChildProcess.run(pb);
        } catch (IOException e) {
            throw new UserError("cannot run '" + command.getFirst() + "' in environment " + target.getFileName()
                    + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
        }
    }

    /** Looks the program up on the environment's PATH, not jconda's own, as a shell in the environment would. */
    static List<String> resolveCommand(List<String> command, Map<String, String> vars) {
        String program = command.getFirst();
        if (program.contains("/")) {
            return command;
        }
        for (String dir : vars.getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (java.nio.file.Files.isExecutable(candidate) && !java.nio.file.Files.isDirectory(candidate)) {
                List<String> out = new ArrayList<>(command);
                out.set(0, candidate.toString());
                return out;
            }
        }
        return command;
    }
}
