package dev.jconda.cli;

import dev.jconda.deploy.Packer;
import dev.jconda.deploy.RuntimeLinker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

@Command(name = "pack", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Pack an environment into one relocatable archive (as conda-pack and pixi-pack).",
                "",
                "The archive holds the environment's jars and native libraries, a jlinked runtime of its JDK (only "
                        + "the modules its jars use), the bundled server with bin/serve, the files its serve: section "
                        + "names (the model), the lock and an activate script. Unpack it anywhere and run it with no "
                        + "jconda and no network:",
                "  mkdir env && tar -xzf model-serving.tar.gz -C env && env/bin/serve -w 2",
                "  . env/activate && java -cp \"$CLASSPATH\" Main",
                "",
                "Compression follows the archive's name:",
                "  .tar.gz, .tgz   gzip",
                "  .tar.zst        zstd (faster, smaller)",
                "  .tar            none"})
final class PackCommand implements Runnable {
    private final Context context;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "the environment")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "the archive (default: NAME.tar.gz)")
    Path output;

    PackCommand(Context context) {
        this.context = context;
    }

    @Override
    public void run() {
        Path prefix = InstalledEnvironments.require(context, name);
        Path out = output != null ? output : Path.of(name + ".tar.gz");
        long start = System.nanoTime();
        Packer.Packed packed = new Packer(DeployCaches.runtimes(context)).pack(prefix, out);
        context.out().printf("Packed %s into %s: %s (%s unpacked, runtime modules %s) in %.1f s%n", packed.name(),
                packed.file(), DeployCaches.size(packed.bytes()), DeployCaches.size(packed.unpackedBytes()),
                String.join(",", packed.modules()), (System.nanoTime() - start) / 1e9);
        context.out().println("Use it anywhere:  mkdir " + name + " && tar -xf " + out + " -C " + name
                + (packed.hasServer() ? " && " + name + "/bin/serve" : " && . " + name + "/activate"));
    }
}
