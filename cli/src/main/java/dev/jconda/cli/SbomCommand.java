package dev.jconda.cli;

import dev.jconda.lock.LockFile;
import dev.jconda.lock.LockFileReader;
import dev.jconda.platform.Platform;
import dev.jconda.sbom.CycloneDxSbom;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

@Command(name = "sbom", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Write a software bill of materials (CycloneDX 1.6 JSON) of an environment or a lockfile.",
                "",
                "Every locked package is a component: Maven artifacts as pkg:maven/... and channel packages (native "
                        + "bundles) as pkg:conda/... with their channel, each with the lock's hashes, download URL and "
                        + "the channel it was taken from; the JDK as a platform; and the dependency graph from the "
                        + "environment down. The same lock always gives the same SBOM."})
final class SbomCommand implements Runnable {
    private final Context context;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "an installed environment")
        String name;

        @Option(names = {"-f", "--file"}, paramLabel = "LOCKFILE", description = "a lockfile (jconda-lock.yml)")
        Path file;
    }

    @Option(names = "--format", defaultValue = "cyclonedx-json", paramLabel = "FORMAT",
            description = "cyclonedx-json (default); spdx-json is not supported yet")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write here instead of to stdout")
    Path output;

    @Option(names = {"-p", "--platform"}, paramLabel = "SUBDIR",
            description = "which of the lock's platforms (default: this machine's, or the lock's only one)")
    String platform;

    SbomCommand(Context context) {
        this.context = context;
    }

    @Override
    public void run() {
        if (!format.equals("cyclonedx-json")) {
            throw new UserError("--format " + format + ": this jconda writes cyclonedx-json only"
                    + (format.equals("spdx-json") ? " (SPDX is not supported yet)" : ""));
        }
        LockFile lock = source.name != null ? InstalledEnvironments.load(context, source.name).lock()
                : new LockFileReader().read(source.file);
        String json = new CycloneDxSbom(new VersionProvider().getVersion()[0].replace("jconda ", ""))
                .json(lock, platformOf(lock));
        if (output == null) {
            context.out().print(json);
            return;
        }
        try {
            Path dir = output.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + output.getFileName(), ".tmp");
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output, e);
        }
    }

    private String platformOf(LockFile lock) {
        String wanted = platform != null ? platform
                : lock.platforms().size() == 1 ? lock.platforms().firstKey() : Platform.current().subdir();
        if (lock.packages(wanted).isEmpty()) {
            throw new UserError("the lock has no packages for " + wanted + " (it has "
                    + String.join(", ", lock.platforms().keySet()) + "); choose one with -p");
        }
        return wanted;
    }
}
