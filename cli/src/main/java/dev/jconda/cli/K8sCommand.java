package dev.jconda.cli;

import dev.jconda.deploy.EnvironmentContents;
import dev.jconda.deploy.ServeDefaults;
import dev.jconda.deploy.k8s.KubernetesExport;
import dev.jconda.deploy.k8s.WorkloadSettings;
import dev.jconda.lock.LockFile;
import dev.jconda.lock.LockFileReader;
import dev.jconda.lock.LockedPackage;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@Command(name = "k8s", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Write Kubernetes manifests and a Helm chart for an environment's image.",
                "",
                "DIR/manifests/ holds a Deployment (startup and readiness probes on /ready, liveness on /health, "
                        + "a grace period above the server's --graceful-timeout, CPU and memory from serve:'s workers, "
                        + "an NVIDIA GPU and a GPU node when the lock holds a CUDA build, read-only root, non-root), a "
                        + "Service, a HorizontalPodAutoscaler, a PodDisruptionBudget and Prometheus scrape annotations "
                        + "for /metrics; DIR/chart/ is the same as a Helm chart whose values carry the server's flags.",
                "",
                "Examples:",
                "  jconda k8s -n model-serving -o deploy",
                "  kubectl apply -f deploy/manifests     (or: helm install ms deploy/chart)",
                "  jconda k8s -f jconda-lock.yml --image registry.example.com/ml/ms:1"})
final class K8sCommand implements Runnable {
    private final Context context;

    @ArgGroup(multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "an installed environment")
        String name;

        @Option(names = {"-f", "--file"}, paramLabel = "LOCK", description = "a jconda-lock.yml (no serve: defaults)")
        Path lock;
    }

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "where to write (default: NAME-k8s)")
    Path output;

    @Option(names = "--image", paramLabel = "REF", description = "the image (default: jconda/NAME:<lock hash>, "
            + "as `jconda image` names it)")
    String image;

    @Option(names = "--replicas", defaultValue = "2", paramLabel = "N", description = "replicas (default: 2)")
    int replicas;

    @Option(names = "--max-replicas", defaultValue = "10", paramLabel = "N",
            description = "the autoscaler's ceiling (default: 10)")
    int maxReplicas;

    @Option(names = "--cpu", paramLabel = "QUANTITY", description = "CPU per pod (default: one core per worker)")
    String cpu;

    @Option(names = "--memory", paramLabel = "QUANTITY",
            description = "memory per pod (default: 256Mi + workers x (512Mi + 2 x the model))")
    String memory;

    K8sCommand(Context context) {
        this.context = context;
    }

    @Override
    public void run() {
        WorkloadSettings.Overrides overrides = new WorkloadSettings.Overrides(Optional.ofNullable(image), replicas,
                maxReplicas, Optional.ofNullable(cpu), Optional.ofNullable(memory));
        WorkloadSettings settings;
        if (source.name != null) {
            EnvironmentContents env = EnvironmentContents.read(InstalledEnvironments.require(context, source.name));
            long modelBytes = env.serve().files().values().stream().mapToLong(K8sCommand::size).sum();
            settings = WorkloadSettings.of(env.name(), env.serve(), env.packages(), env.lock().inputsHash(),
                    modelBytes, overrides);
        } else {
            LockFile lock = new LockFileReader().read(source.lock);
            List<LockedPackage> packages = lock.packages("linux-64")
                    .orElseGet(() -> lock.platforms().values().stream().findFirst().orElse(List.of()));
            String name = lock.name() == null || lock.name().isBlank() ? "jconda" : lock.name();
            settings = WorkloadSettings.of(name, new ServeDefaults(Map.of()), packages, lock.inputsHash(), 0,
                    overrides);
        }
        Path dir = output != null ? output : Path.of(settings.name() + "-k8s");
        KubernetesExport.Written written = KubernetesExport.write(settings, dir);
        context.out().println("Wrote " + written.files().size() + " files for " + settings.name() + " (image "
                + settings.image() + ", " + settings.cpu() + " CPU, " + settings.memory() + " memory"
                + settings.cuda().map(p -> ", 1 NVIDIA GPU for " + p.name() + " " + p.build()).orElse("") + "):");
        written.files().forEach(f -> context.out().println("  " + f));
        context.out().println("Deploy:  kubectl apply -f " + written.manifests() + "   or   helm install "
                + settings.name() + " " + written.chart());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
