package dev.jconda.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Set;

@Command(name = "remove", aliases = "uninstall", mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Remove packages from an environment.",
                "",
                "The named specs leave the environment's specs; what only they needed goes with them, and every "
                        + "other installed version stays. To delete a whole environment: jconda env remove -n NAME.",
                "",
                "Example:  jconda remove -n hello-jvm org.slf4j:slf4j-simple"})
final class RemoveCommand implements java.util.concurrent.Callable<Integer> {
    private final Context context;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "the environment")
    String name;

    @Parameters(arity = "1..*", paramLabel = "PACKAGE", description = "package names, as the specs named them")
    List<String> packages;

    @picocli.CommandLine.Mixin
    ChangeOptions options = new ChangeOptions();

    RemoveCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        java.nio.file.Path prefix = InstalledEnvironments.require(context, name);
        return ChangeEnvironment.confirmAndApply(context, options, options.environments(context)
                .change(prefix, List.of(), Set.copyOf(packages), Set.of(), false, options.solve()));
    }
}
