package dev.jconda.deploy.k8s;

import dev.jconda.deploy.DeployError;
import dev.jconda.deploy.EnvironmentContents;
import dev.jconda.deploy.ImageBuilder;
import dev.jconda.deploy.ServeDefaults;
import dev.jconda.lock.LockedPackage;

import java.util.List;
import java.util.Optional;

/**
 * What the manifests say about the server, taken from the environment: its port and graceful timeout
 * ({@code serve:}), how many workers and so how much CPU and memory, and whether its lock holds a CUDA build (then
 * one NVIDIA GPU and a GPU node). Anything the user gives on the command line wins.
 *
 * @param cpu    CPU request and limit in cores (Kubernetes quantity: "2", "500m")
 * @param memory memory request and limit ("1536Mi")
 */
public record WorkloadSettings(String name, String image, int port, int gracefulTimeoutSeconds, int replicas,
                               int maxReplicas, int targetCpuPercent, String cpu, String memory,
                               Optional<LockedPackage> cuda, List<String> serverArgs, String inputsHash) {
    /**
     * The master, its pipes and metrics region, beside the workers. Inside the pod the server splits the limit these
     * make with its own budget (jconda-server's WorkerHeap: 96 MiB master, 256 MiB + 2 x the model per worker, the
     * rest as heap); KubernetesManifestsTest checks that every worker gets its full share of this limit.
     */
    static final long MASTER_MIB = 256;
    /**
     * One worker JVM with DJL and libtorch loaded: 220 MiB resident measured with the sample model (README's
     * benchmark), doubled for heap growth and libtorch's allocator under load.
     */
    static final long WORKER_MIB = 512;

    public WorkloadSettings {
        serverArgs = List.copyOf(serverArgs);
        name = objectName(name);
        if (replicas < 1 || maxReplicas < replicas) {
            throw DeployError.badInput("--replicas must be at least 1 and at most --max-replicas");
        }
    }

    /** Settings from an environment, for the given image; the cpu and memory fall back to estimates. */
    public static WorkloadSettings of(String name, ServeDefaults serve, List<LockedPackage> packages,
                                      String inputsHash, long modelBytes, Overrides overrides) {
        int workers = serve.workers().orElse(1);
        long modelMib = (modelBytes + (1 << 20) - 1) >> 20;
        // each worker holds its own model copy, plus the tensors of a request in flight
        long memoryMib = MASTER_MIB + workers * (WORKER_MIB + 2 * modelMib);
        String image = overrides.image().orElseGet(() -> ImageBuilder.defaultName(name, inputsHash));
        return new WorkloadSettings(name, image, serve.port(), serve.gracefulTimeoutSeconds(), overrides.replicas(),
                Math.max(overrides.replicas(), overrides.maxReplicas()), 70,
                overrides.cpu().orElse(Integer.toString(workers)), overrides.memory().orElse(memoryMib + "Mi"),
                EnvironmentContents.cudaBuild(packages), serverArgs(serve), inputsHash);
    }

    private static List<String> serverArgs(ServeDefaults serve) {
        List<String> args = new java.util.ArrayList<>(serve.flags());
        args.add("--bind=0.0.0.0:" + serve.port());
        if (serve.workers().isEmpty()) {
            args.add("--workers=auto");   // one per CPU of the pod's limit
        }
        return args;
    }

    /** What the command line sets. */
    public record Overrides(Optional<String> image, int replicas, int maxReplicas, Optional<String> cpu,
                            Optional<String> memory) {
    }

    /** A Kubernetes object name (RFC 1123 label: lower case, digits, '-', at most 63) for an environment's name. */
    static String objectName(String environment) {
        String n = environment.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-")
                .replaceAll("^-+|-+$", "");
        n = n.length() > 63 ? n.substring(0, 63).replaceAll("-+$", "") : n;
        if (n.isEmpty()) {
            throw DeployError.badInput("'" + environment + "' gives no Kubernetes name; pass --app NAME");
        }
        return n;
    }

    /** Above the server's own graceful timeout, so the kubelet's SIGKILL never cuts a graceful stop short. */
    public long terminationGracePeriodSeconds() {
        return gracefulTimeoutSeconds + 15L;
    }
}
