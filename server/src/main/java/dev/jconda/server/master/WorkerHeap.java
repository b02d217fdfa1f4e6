package dev.jconda.server.master;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The maximum heap of each worker JVM. Left alone, every worker sizes its heap from the whole container's memory (a
 * quarter of it each), so that a few workers, the master and libtorch's native memory can pass the container's limit
 * and be OOM-killed. Under a limit each worker gets its share of a budget instead; a heap the user chose wins.
 */
public sealed interface WorkerHeap {
    long MIB = 1L << 20;
    /** The master JVM (-Xmx64m in the launchers): 62.5 MiB resident measured in the image beside two loaded workers. */
    long MASTER_RESERVE = 96 * MIB;
    /**
     * Each worker's memory outside its heap: libtorch (its libraries and allocations), the JVM's metaspace, code and
     * threads. Measured with the sample model after 15 s of load: 193-227 MiB resident of which at most ~40 MiB heap.
     */
    long WORKER_NATIVE = 256 * MIB;
    /** Below this a worker's heap (young generation 32 MiB by default) leaves no room for requests. */
    long MIN_HEAP = 64 * MIB;

    /** JVM options that go on each worker's command line. */
    List<String> javaOptions();

    /** One line for the log: what was chosen and why. */
    String describe();

    /** The user set the heap (or the memory the JVM sizes it from) in the worker's options or the environment. */
    record UserChosen(String option, String where, Optional<MemoryLimit> limit) implements WorkerHeap {
        @Override
        public List<String> javaOptions() {
            return List.of();
        }

        @Override
        public String describe() {
            return limit.map(l -> "Memory limit " + mib(l.bytes()) + " (" + l.source() + "): ").orElse("Memory: ")
                    + "worker heap as " + where + " sets it (" + option + ")";
        }
    }

    /** No limit: the workers keep the JVM's default heap, as on any host. */
    record JvmDefault() implements WorkerHeap {
        @Override
        public List<String> javaOptions() {
            return List.of();
        }

        @Override
        public String describe() {
            return "Memory: no container limit; workers keep the JVM's default heap";
        }
    }

    /**
     * A limit's budget: the master's reserve and each worker's native memory (plus twice its models: the weights in
     * libtorch and a request's tensors) come off the limit, and the workers share what is left, but the heaps
     * together take at most half the limit, the rest left for native growth under load.
     *
     * @param modelBytes   the models' size in whole MiB
     * @param heapBytes    each worker's maximum heap, whole MiB
     * @param fitting      how many workers the limit holds with at least {@link #MIN_HEAP} each (0: not one)
     */
    record Budgeted(MemoryLimit limit, int workers, long modelBytes, long heapBytes, int fitting)
            implements WorkerHeap {
        public static Budgeted of(MemoryLimit limit, int workers, long modelBytes) {
            // whole MiB, rounded up, as jconda k8s counts the model in a pod's memory
            modelBytes = (modelBytes + MIB - 1) / MIB * MIB;
            int fitting = 0;
            for (int n = workers; n >= 1 && fitting == 0; n--) {
                if (share(limit.bytes(), n, modelBytes) >= MIN_HEAP) {
                    fitting = n;
                }
            }
            return new Budgeted(limit, workers, modelBytes,
                    Math.max(MIN_HEAP, share(limit.bytes(), workers, modelBytes)), fitting);
        }

        private static long share(long limit, int workers, long modelBytes) {
            long n = Math.max(1, workers);
            long afterReserves = (limit - MASTER_RESERVE - n * (WORKER_NATIVE + 2 * modelBytes)) / n;
            long halfOfLimit = limit / 2 / n;
            return Math.min(afterReserves, halfOfLimit) / MIB * MIB;
        }

        /** Whether every worker got its share; otherwise each has the minimum and together they may pass the limit. */
        public boolean fits() {
            return fitting == workers;
        }

        @Override
        public List<String> javaOptions() {
            return List.of("-Xmx" + heapBytes / MIB + "m");
        }

        @Override
        public String describe() {
            String head = "Memory limit " + mib(limit.bytes()) + " (" + limit.source() + "): " + workers + " worker"
                    + (workers == 1 ? "" : "s") + " x " + mib(heapBytes) + " heap";
            if (!fits()) {
                return head + " (the minimum): too little for " + workers + " workers, which need "
                        + mib(WORKER_NATIVE + 2 * modelBytes + MIN_HEAP) + " each beside the master's "
                        + mib(MASTER_RESERVE) + "; " + (fitting == 0 ? "not one fits" : "at most " + fitting + " fit");
            }
            return head + ", " + mib(MASTER_RESERVE) + " kept for the master and " + mib(WORKER_NATIVE + 2 * modelBytes)
                    + " per worker for "
                    + (modelBytes == 0 ? "libtorch and the JVM" : "libtorch, the JVM and the model");
        }
    }

    /** JVM options that set the maximum heap, directly or through the memory it is a share of. */
    Pattern HEAP_OPTION = Pattern.compile("-Xmx.*|-XX:(MaxHeapSize|MaxRAM|\\w*RAMPercentage|\\w*RAMFraction)=.*");

    /**
     * @param workerJavaOpts {@code --worker-java-opts}
     * @param env            the workers' environment: {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS}
     *                       reach their JVMs too
     */
    static WorkerHeap choose(Optional<MemoryLimit> limit, List<String> workerJavaOpts, Map<String, String> env,
                             int workers, long modelBytes) {
        Optional<WorkerHeap> user = workerJavaOpts.stream().filter(o -> HEAP_OPTION.matcher(o).matches()).findFirst()
                .map(o -> new UserChosen(o, "--worker-java-opts", limit));
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
            if (user.isEmpty()) {
                user = Stream.of(env.getOrDefault(variable, "").trim().split("\\s+"))
                        .filter(o -> HEAP_OPTION.matcher(o).matches()).findFirst()
                        .map(o -> new UserChosen(o, variable, limit));
            }
        }
        if (user.isPresent()) {
            return user.get();
        }
        return limit.<WorkerHeap>map(l -> Budgeted.of(l, workers, modelBytes)).orElse(new JvmDefault());
    }

    private static String mib(long bytes) {
        return bytes / MIB + " MiB";
    }
}
