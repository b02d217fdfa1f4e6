package dev.jconda.cli;

import dev.jconda.spec.MatchSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Set;

@Command(name = "install", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Add packages to an existing environment.",
                "",
                "The new specs join the ones the environment was created from; the solver keeps every installed "
                        + "version unless the new specs need it to change, and the environment is replaced all at once.",
                "",
                "Example:  jconda install -n hello-jvm org.slf4j:slf4j-simple=2.0"})
final class InstallCommand implements Runnable {
    private final Context context;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "the environment")
    String name;

    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "specs, as in environment.yml")
    List<String> specs;

    @Option(names = "--offline", description = "use only jconda's caches; never touch the network")
    boolean offline;

    InstallCommand(Context context) {
        this.context = context;
    }

    @Override
    public void run() {
        List<MatchSpec> added = specs.stream().map(MatchSpec::parse).toList();
        ChangeEnvironment.apply(context, name, added, Set.of(), false, offline);
    }
}
