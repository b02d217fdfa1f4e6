package dev.jconda.cli;

import dev.jconda.cli.workflow.PackageTree;
import dev.jconda.platform.JsonWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

@Command(name = "tree", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Show why each package is in an environment: the tree of requirements.",
                "",
                "--invert PKG answers \"why is this here\": PKG, then each package that requires it, up to the "
                        + "specs the environment was made from. (*) marks a package shown in full above.",
                "",
                "Examples:",
                "  jconda tree -n hello-jvm",
                "  jconda tree -n hello-jvm --invert com.google.guava:failureaccess"})
final class TreeCommand implements Runnable {
    private final Context context;

    @picocli.CommandLine.Mixin
    EnvironmentOption environment = new EnvironmentOption();

    @Option(names = {"-i", "--invert"}, paramLabel = "PKG", description = "show what requires PKG")
    String invert;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    TreeCommand(Context context) {
        this.context = context;
    }

    @Override
    public void run() {
        Path target = environment.resolve(context);
        PackageTree tree = new PackageTree(InstalledEnvironments.load(target).packages());
        if (invert != null && !tree.contains(invert)) {
            throw new UserError("environment " + target.getFileName() + " has no package " + invert
                    + "; see `jconda list -n " + target.getFileName() + "`");
        }
        List<PackageTree.Node> roots = invert != null ? List.of(tree.invert(invert)) : tree.fromRoots();
        if (json) {
            JsonWriter out = new JsonWriter().beginArray();
            roots.forEach(r -> json(out, r));
            context.out().println(out.endArray());
        } else {
            PackageTree.render(roots).forEach(context.out()::println);
        }
    }

    private static void json(JsonWriter out, PackageTree.Node node) {
        out.beginObject().name("name").value(node.pkg().name()).name("version").value(node.pkg().version())
                .name("build").value(node.pkg().build()).name("repeated").value(node.repeated());
        out.name("children").beginArray();
        node.children().forEach(c -> json(out, c));
        out.endArray().endObject();
    }
}
