package dev.jconda.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

@Command(name = "update", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Bring an environment in line with its environment file, as `conda env update`.",
                "",
                "The file's specs, channels, variables: and serve: replace the environment's; installed versions stay "
                        + "wherever the specs still allow them. Specs the environment has and the file does not stay "
                        + "too, unless --prune.",
                "",
                "Example:  jconda env update -f environment.yml --prune"})
final class EnvUpdate implements java.util.concurrent.Callable<Integer> {
    private final Context context;

    @Option(names = {"-f", "--file"}, defaultValue = "environment.yml", paramLabel = "FILE",
            description = "the environment file (default: ${DEFAULT-VALUE})")
    Path file;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "the environment (default: the file's name:)")
    String name;

    @Option(names = "--prune", description = "remove the specs the file no longer has")
    boolean prune;

    @picocli.CommandLine.Mixin
    ChangeOptions options = new ChangeOptions();

    EnvUpdate(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var env = EnvironmentFiles.read(context, file);
        String envName = name != null ? name : env.name();
        if (envName == null || envName.isBlank()) {
            throw new UserError(file + ": the file has no 'name:'; give one with -n NAME");
        }
        Path prefix = InstalledEnvironments.require(context, envName);
        return ChangeEnvironment.confirmAndApply(context, options, options.environments(context)
                .updateFromFile(prefix, env, prune, options.solve()));
    }
}
