package dev.jconda.cli;

import dev.jconda.cli.workflow.PackageSearch;
import dev.jconda.platform.JsonWriter;
import dev.jconda.platform.Platform;
import dev.jconda.spec.InputError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "search", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Search the channels for a package (as `conda search`).",
                "",
                "Each version (and build), its channel, and the platforms it is built for.",
                "",
                "A query with a colon is a Maven group:artifact (searched in Maven Central, or the -c repositories); "
                        + "any other is a channel package name, globs allowed (searched in the built-in channels, or "
                        + "the -c channels). Exit code 1 when nothing matches.",
                "",
                "Examples:",
                "  jconda search libtorch",
                "  jconda search 'lib*' -p linux-aarch64",
                "  jconda search com.google.guava:guava --json"})
final class SearchCommand implements java.util.concurrent.Callable<Integer> {
    private final Context context;

    @Parameters(paramLabel = "QUERY", description = "a channel package name or glob, or a Maven group:artifact")
    String query;

    @Option(names = {"-c", "--channel"}, paramLabel = "CHANNEL", description = "a channel to search (repeatable)")
    List<String> channels = new ArrayList<>();

    @Option(names = {"-p", "--platform"}, paramLabel = "SUBDIR", description = "only this platform (repeatable)")
    List<String> platforms = new ArrayList<>();

    @Option(names = "--offline", description = "use only jconda's caches; never touch the network")
    boolean offline;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    SearchCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<Platform> targets = new ArrayList<>();
        for (String p : platforms) {
            try {
                targets.add(Platform.fromSubdir(p));
            } catch (IllegalArgumentException e) {
                throw new InputError(null, 0, 0, e.getMessage());
            }
        }
        List<PackageSearch.Hit> hits = new PackageSearch(context.home(), context.env())
                .search(query, channels, targets, offline);
        if (json) {
            JsonWriter out = new JsonWriter().beginArray();
            for (PackageSearch.Hit h : hits) {
                out.beginObject().name("name").value(h.name()).name("version").value(h.version())
                        .name("build").value(h.build()).name("channel").value(h.channel()).name("platforms")
                        .beginArray();
                h.platforms().forEach(out::value);
                out.endArray().endObject();
            }
            context.out().println(out.endArray());
        } else if (!hits.isEmpty()) {
            context.out().printf("# %-38s %-18s %-12s %-20s %s%n", "Name", "Version", "Build", "Channel",
                    "Platforms");
            for (PackageSearch.Hit h : hits) {
                context.out().printf("%-40s %-18s %-12s %-20s %s%n", h.name(), h.version(), h.build(), h.channel(),
                        String.join(", ", h.platforms()));
            }
        }
        if (hits.isEmpty()) {
            context.err().println("jconda: no package matches '" + query + "' in "
                    + (channels.isEmpty() ? "the default channels" : String.join(", ", channels)));
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }
}
