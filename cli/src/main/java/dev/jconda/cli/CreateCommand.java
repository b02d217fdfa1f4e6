package dev.jconda.cli;

import dev.jconda.cli.workflow.Environments;
import dev.jconda.spec.MatchSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@Command(name = "create", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Create an environment from specs given on the command line, as `conda create`.",
                "",
                "The same as writing them into an environment file's dependencies: and running `jconda env create`; "
                        + "channels come from -c (Maven Central and the built-in channels when none is given).",
                "",
                "Example:  jconda create -n tools com.google.guava:guava=33 org.slf4j:slf4j-simple"})
final class CreateCommand implements Runnable {
    private final Context context;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "environment name")
    String name;

    @Option(names = {"-p", "--prefix"}, paramLabel = "DIR", description = "install into DIR instead of envs/NAME")
    Path prefix;

    @Option(names = {"-c", "--channel"}, paramLabel = "CHANNEL",
            description = "a channel or Maven repository URL, in priority order (repeatable)")
    List<String> channels = new ArrayList<>();

    @Option(names = "--force", description = "replace an existing environment of that name")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "specs, as in environment.yml")
    List<String> specs;

    @picocli.CommandLine.Mixin
    ChangeOptions options = new ChangeOptions();

    CreateCommand(Context context) {
        this.context = context;
    }

    @Override
    public void run() {
        if (name == null && prefix == null) {
            throw new UserError("name the environment with -n NAME or -p DIR");
        }
        if (name != null) {
            EnvironmentNames.check(name);
        }
        List<MatchSpec> parsed = specs.stream().map(MatchSpec::parse).toList();
        Environments.Plan plan = options.environments(context).create(
                Environments.fromSpecs(name, channels, parsed), name, prefix, force, options.solve());
        EnvCreate.create(context, options, plan);
    }
}
