package dev.jconda.cli;

import dev.jconda.platform.PlatformReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

@Command(name = "info", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Show this machine as jconda sees it: platform, virtual packages (__glibc, __cuda, ...), GPUs "
                        + "and NVIDIA driver, the package cache and its size on disk, and the environments. Override detection as conda does: "
                        + "JCONDA_OVERRIDE_CUDA=12.4, JCONDA_OVERRIDE_GLIBC=2.28, ... (an empty value hides the package)."})
final class InfoCommand implements Runnable {
    private final Context context;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    InfoCommand(Context context) {
        this.context = context;
    }

    @Override
    public void run() {
        List<PlatformReport.Environment> envs = EnvList.all(context).stream()
                .map(p -> new PlatformReport.Environment(p.getFileName().toString(), p)).toList();
        PlatformReport report = PlatformReport.of(context.machine(), context.virtualPackages().forCurrentPlatform())
                .withCacheDir(context.home().pkgs())
                .withCacheUsage(dev.jconda.cache.CacheUsage.measure(context.home().pkgs(),
                        context.home().mavenRepository().getParent()))
                .withEnvironments(envs);
        context.out().println(json ? report.toJson() : report.toText());
    }

}
