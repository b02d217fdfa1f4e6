package dev.jconda.cli;

import dev.jconda.cli.workflow.Environments;
import dev.jconda.spec.MatchSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

@Command(name = "install", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Add packages to an existing environment, or return it to an earlier revision.",
                "",
                "The new specs join the ones the environment was created from; the solver keeps every installed "
                        + "version unless the new specs need it to change, and the environment is replaced all at once. "
                        + "--revision N re-installs the lock of revision N (see `jconda list -n NAME --revisions`), "
                        + "with no solving.",
                "",
                "Examples:",
                "  jconda install -n hello-jvm org.slf4j:slf4j-simple=2.0",
                "  jconda install -n hello-jvm --revision 0"})
final class InstallCommand implements java.util.concurrent.Callable<Integer> {
    private final Context context;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "the environment")
    String name;

    @Parameters(arity = "0..*", paramLabel = "SPEC", description = "specs, as in environment.yml")
    List<String> specs = new ArrayList<>();

    @Option(names = "--revision", paramLabel = "N", description = "return to revision N")
    Integer revision;

    @picocli.CommandLine.Mixin
    ChangeOptions options = new ChangeOptions();

    InstallCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (revision != null && !specs.isEmpty()) {
            throw new UserError("give either specs or --revision, not both");
        }
        if (revision == null && specs.isEmpty()) {
            throw new UserError("name the specs to install, or a --revision to return to");
        }
        java.nio.file.Path prefix = InstalledEnvironments.require(context, name);
        Environments environments = options.environments(context);
        Environments.Plan plan = revision != null ? environments.rollback(prefix, revision)
                : environments.change(prefix, specs.stream().map(MatchSpec::parse).toList(), Set.of(), Set.of(),
                        false, options.solve());
        return ChangeEnvironment.confirmAndApply(context, options, plan);
    }
}
