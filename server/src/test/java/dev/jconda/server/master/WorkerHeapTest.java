package dev.jconda.server.master;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each worker's heap under a container's memory limit, and who wins when the user set one. */
class WorkerHeapTest {
    private static final long MIB = 1L << 20;
    private static final List<String> DEFAULT_OPTS = List.of("-XX:+UseSerialGC", "-Xmn32m");
    private static final Optional<MemoryLimit> LIMIT_768 = Optional.of(new MemoryLimit(768 * MIB, "cgroup"));

    private static WorkerHeap choose(Optional<MemoryLimit> limit, int workers, List<String> opts,
                                     Map<String, String> env) {
        return WorkerHeap.choose(limit, opts, env, workers, 0);
    }

    @Test
    void workersShareWhatTheMasterAndTheirNativeMemoryLeave() {
        // 768 MiB, 2 workers: (768 - 96 - 2 x 256) / 2 = 80 MiB each (half the limit would allow 192)
        WorkerHeap.Budgeted two = assertInstanceOf(WorkerHeap.Budgeted.class,
                choose(LIMIT_768, 2, DEFAULT_OPTS, Map.of()));
        assertEquals(80 * MIB, two.heapBytes());
        assertEquals(List.of("-Xmx80m"), two.javaOptions());
        assertEquals("Memory limit 768 MiB (cgroup): 2 workers x 80 MiB heap, 96 MiB kept for the master and "
                + "256 MiB per worker for libtorch and the JVM", two.describe());
        // one worker: 768 - 96 - 256 = 416, but the heaps take at most half the limit: 384
        assertEquals(List.of("-Xmx384m"), choose(LIMIT_768, 1, DEFAULT_OPTS, Map.of()).javaOptions());
        // the sample's 5 KiB model counts as 1 MiB, twice per worker: (768 - 96 - 2 x 258) / 2 = 78
        assertEquals(List.of("-Xmx78m"), WorkerHeap.choose(LIMIT_768, DEFAULT_OPTS, Map.of(), 2, 5140)
                .javaOptions());
        // a large limit: half of it, shared
        assertEquals(List.of("-Xmx2048m"), choose(Optional.of(new MemoryLimit(16384 * MIB, "cgroup")), 4,
                DEFAULT_OPTS, Map.of()).javaOptions());
    }

    @Test
    void largeModelsLeaveLessHeap() {
        // two copies of a 100 MiB model per worker come off the budget: (1536 - 96 - 2 x (256 + 200)) / 2 = 264
        WorkerHeap heap = WorkerHeap.choose(Optional.of(new MemoryLimit(1536 * MIB, "cgroup")), DEFAULT_OPTS,
                Map.of(), 2, 100 * MIB);
        assertEquals(List.of("-Xmx264m"), heap.javaOptions());
    }

    @Test
    void aLimitTooSmallForTheWorkersGivesTheMinimumAndSaysHowManyFit() {
        WorkerHeap.Budgeted four = WorkerHeap.Budgeted.of(LIMIT_768.orElseThrow(), 4, 0);
        assertFalse(four.fits());
        assertEquals(2, four.fitting(), "768 MiB holds 2 workers of 256 + 64 MiB beside the master");
        assertEquals(List.of("-Xmx64m"), four.javaOptions());
        assertTrue(four.describe().contains("too little for 4 workers") && four.describe().contains("at most 2 fit"),
                four.describe());
        WorkerHeap.Budgeted none = WorkerHeap.Budgeted.of(new MemoryLimit(256 * MIB, "cgroup"), 1, 0);
        assertEquals(0, none.fitting());
        assertTrue(none.describe().contains("not one fits"), none.describe());
    }

    @Test
    void aHeapTheUserSetWins() {
        for (String option : List.of("-Xmx1g", "-XX:MaxHeapSize=512m", "-XX:MaxRAM=2g", "-XX:MaxRAMPercentage=50",
                "-XX:MinRAMPercentage=40", "-XX:MaxRAMFraction=2")) {
            WorkerHeap heap = choose(LIMIT_768, 2, List.of("-XX:+UseSerialGC", option), Map.of());
            assertEquals(new WorkerHeap.UserChosen(option, "--worker-java-opts", LIMIT_768), heap, option);
            assertEquals(List.of(), heap.javaOptions());
        }
        WorkerHeap fromEnv = choose(LIMIT_768, 2, DEFAULT_OPTS, Map.of("JAVA_TOOL_OPTIONS", "-Dx=y -Xmx300m"));
        assertEquals("Memory limit 768 MiB (cgroup): worker heap as JAVA_TOOL_OPTIONS sets it (-Xmx300m)",
                fromEnv.describe());
        // -Xmn and -Xms are not the maximum
        assertInstanceOf(WorkerHeap.Budgeted.class, choose(LIMIT_768, 2, List.of("-Xmn32m", "-Xms64m"), Map.of()));
    }

    @Test
    void withoutALimitWorkersKeepTheJvmDefault() {
        WorkerHeap heap = choose(Optional.empty(), 2, DEFAULT_OPTS, Map.of());
        assertInstanceOf(WorkerHeap.JvmDefault.class, heap);
        assertEquals(List.of(), heap.javaOptions());
    }

    @Test
    void aLimitIsATotalBelowTheMachines() {
        String meminfo = "MemTotal:       24684544 kB\nMemFree:        21087232 kB\n";
        OptionalLong machine = MemoryLimit.memTotal(meminfo);
        assertEquals(24684544L * 1024, machine.getAsLong());
        assertEquals(Optional.of(new MemoryLimit(805306368, "cgroup")), MemoryLimit.fromTotals(805306368, machine));
        assertEquals(Optional.empty(), MemoryLimit.fromTotals(24684544L * 1024, machine), "no container limit");
        assertEquals(Optional.empty(), MemoryLimit.fromTotals(805306368, MemoryLimit.memTotal("")),
                "no /proc/meminfo: nothing to compare with");
    }
}
