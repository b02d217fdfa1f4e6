package dev.jconda.cli;

import dev.jconda.cache.PackageCache;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

@Command(name = "doctor", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Verify the package cache: hash every cached file and unpacked bundle again.",
                "",
                "Creates check a cached file's size and modification time against what they were when its checksum "
                        + "matched, and hash it again when they differ; this full pass also finds a change that "
                        + "kept both. Exit code 1 when something is corrupt; --fix removes it, and the next create "
                        + "fetches it again.",
                "",
                "It also names each environment whose server (libexec/) is not this jconda's, and how to refresh it."})
final class DoctorCommand implements java.util.concurrent.Callable<Integer> {
    private final Context context;

    @Option(names = "--fix", description = "remove corrupt entries (the next create fetches them again)")
    boolean fix;

    DoctorCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PackageCache cache = context.packageCache();
        try {
            List<Path> corrupt = cache.corruptEntries();
            for (Path p : corrupt) {
                context.out().println((fix ? "removed corrupt " : "corrupt: ") + p);
                if (fix) {
                    cache.remove(p);
                }
            }
            if (corrupt.isEmpty()) {
                context.out().println("package cache " + cache.root() + ": every entry matches its checksum");
            }
            // not corruption (exit code unchanged): an environment serving the server of the jconda that made it
            for (Path env : EnvList.all(context)) {
                OutdatedServerNotice.of(context, env).ifPresent(context.out()::println);
            }
            return corrupt.isEmpty() || fix ? ExitCodes.OK : ExitCodes.FAILED;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot verify the package cache " + cache.root(), e);
        }
    }
}
