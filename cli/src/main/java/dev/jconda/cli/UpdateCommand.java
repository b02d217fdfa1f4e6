package dev.jconda.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

@Command(name = "update", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Move packages of an environment to the newest versions its specs allow.",
                "",
                "Only the named packages may move (and what they drag along); --all frees every package.",
                "",
                "Example:  jconda update -n hello-jvm com.google.guava:guava"})
final class UpdateCommand implements java.util.concurrent.Callable<Integer> {
    private final Context context;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "the environment")
    String name;

    @Parameters(arity = "0..*", paramLabel = "PACKAGE", description = "package names to update")
    List<String> packages = new ArrayList<>();

    @Option(names = "--all", description = "update every package")
    boolean all;

    @picocli.CommandLine.Mixin
    ChangeOptions options = new ChangeOptions();

    UpdateCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (packages.isEmpty() && !all) {
            throw new UserError("name the packages to update, or pass --all");
        }
        java.nio.file.Path prefix = InstalledEnvironments.require(context, name);
        return ChangeEnvironment.confirmAndApply(context, options, options.environments(context)
                .change(prefix, List.of(), Set.of(), Set.copyOf(packages), all, options.solve()));
    }
}
