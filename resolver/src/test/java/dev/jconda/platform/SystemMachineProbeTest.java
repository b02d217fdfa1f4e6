package dev.jconda.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SystemMachineProbeTest {

    /** A machine made of canned files and command outputs; anything not given is absent. */
    static final class CannedMachine implements MachineSources {
        final Map<Path, String> files = new HashMap<>();
        final Map<Path, String> links = new HashMap<>();
        final Map<List<String>, String> commands = new HashMap<>();
        final Map<String, String> properties = new HashMap<>();
        HardwareSummary hardware = HardwareSummary.UNKNOWN;
        int inventoryReads;

        static CannedMachine linux() {
            CannedMachine m = new CannedMachine();
            m.properties.put("os.name", "Linux");
            m.properties.put("os.arch", "amd64");
            m.properties.put("os.version", "6.1.0-18-amd64");
            return m;
        }

        @Override
        public Optional<String> readFile(Path path) {
            return Optional.ofNullable(files.get(path));
        }

        @Override
        public Optional<String> linkTarget(Path path) {
            return Optional.ofNullable(links.get(path));
        }

        @Override
        public Optional<String> run(List<String> command) {
            return Optional.ofNullable(commands.get(command));
        }

        @Override
        public String property(String key) {
            return properties.get(key);
        }

        @Override
        public HardwareSummary hardware() {
            inventoryReads++;
            return hardware;
        }
    }

    /** Linux on an 8-core EPYC with 16 GB and two H100s, as /proc, getconf and nvidia-smi tell it. */
    private static CannedMachine epycWithH100s() {
        CannedMachine m = CannedMachine.linux();
        m.files.put(SystemMachineProbe.PROC_CPUINFO,
                CpuLevelTest.cpuinfo("AMD EPYC 7742 64-Core Processor", CpuLevelTest.ZEN2, 8));
        m.files.put(SystemMachineProbe.PROC_MEMINFO, "MemTotal:       16384000 kB\nMemFree:  100 kB\n");
        m.files.put(SystemMachineProbe.PROC_NVIDIA_VERSION, NvidiaParsingTest.PROC_VERSION);
        m.commands.put(SystemMachineProbe.GETCONF_GLIBC, "glibc 2.36\n");
        m.commands.put(SystemMachineProbe.NVIDIA_SMI, NvidiaParsingTest.NVIDIA_SMI);
        m.commands.put(SystemMachineProbe.NVIDIA_SMI_QUERY, NvidiaParsingTest.NVIDIA_SMI_QUERY);
        return m;
    }

    @Test
    void linuxMachineWithAnNvidiaGpu() {
        CannedMachine m = epycWithH100s();
        m.hardware = new HardwareSummary(null, 0, 0, List.of(), List.of(
                new Gpu("NVIDIA Corporation", "GH100 [H100 SXM5 80GB]", 0),
                new Gpu("ASPEED Technology, Inc.", "ASPEED Graphics Family", 0)));

        MachineFacts facts = new SystemMachineProbe(m).probe();

        assertEquals(Platform.LINUX_64, facts.platform());
        assertEquals("6.1.0-18-amd64", facts.osVersion());
        assertEquals("2.36", facts.glibcVersion());
        assertEquals("x86_64_v3", facts.microarchitecture());
        assertEquals("AMD EPYC 7742 64-Core Processor", facts.cpuModel());
        assertEquals(8, facts.cpuCount());
        assertEquals(16384000L * 1024, facts.memoryBytes());
        assertEquals("550.54.15", facts.nvidiaDriverVersion());
        assertEquals("12.4", facts.cudaVersion());
        assertEquals(List.of(
                new Gpu("ASPEED Technology, Inc.", "ASPEED Graphics Family", 0),
                new Gpu("NVIDIA", "NVIDIA H100 80GB HBM3", 81559L << 20),
                new Gpu("NVIDIA", "NVIDIA H100 80GB HBM3", 81559L << 20)), facts.gpus());
    }

    /** What virtual packages are made of comes without the OS inventory: it runs lspci and lshw on Linux. */
    @Test
    void virtualPackagesFactsAreTheSameWithoutTheInventory() {
        CannedMachine m = epycWithH100s();
        m.hardware = new HardwareSummary(null, 0, 0, List.of(), List.of(
                new Gpu("ASPEED Technology, Inc.", "ASPEED Graphics Family", 0)));

        MachineFacts light = new SystemMachineProbe(m).probeForVirtualPackages();
        assertEquals(0, m.inventoryReads, "the inventory was read");
        MachineFacts full = new SystemMachineProbe(m).probe();
        assertEquals(1, m.inventoryReads);

        assertEquals(new VirtualPackages(full, Map.of()).forCurrentPlatform(),
                new VirtualPackages(light, Map.of()).forCurrentPlatform());
        assertEquals("x86_64_v3", light.microarchitecture());
        assertEquals("12.4", light.cudaVersion());
        assertEquals(16384000L * 1024, light.memoryBytes());
        // NVIDIA cards come from nvidia-smi either way; others only from the inventory
        assertEquals(full.gpus().stream().filter(Gpu::isNvidia).toList(), light.gpus());
        assertEquals(3, full.gpus().size());
    }

    @Test
    void withoutNvidiaSmiTheCudaVersionComesFromTheDriverTable() {
        CannedMachine m = CannedMachine.linux();
        m.files.put(SystemMachineProbe.PROC_NVIDIA_VERSION,
                "NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.183.01  Sun May 12 19:39:15 UTC 2024\n");

        MachineFacts facts = new SystemMachineProbe(m).probe();

        assertEquals("535.183.01", facts.nvidiaDriverVersion());
        assertEquals("12.2", facts.cudaVersion());
    }

    @Test
    void machineWithoutNvidiaDriverHasNoCuda() {
        MachineFacts facts = new SystemMachineProbe(CannedMachine.linux()).probe();
        assertNull(facts.nvidiaDriverVersion());
        assertNull(facts.cudaVersion());
        assertEquals(List.of(), facts.gpus());
    }

    @Test
    void glibcFallsBackToLddThenToTheLibcFileName() {
        CannedMachine ldd = CannedMachine.linux();
        ldd.commands.put(SystemMachineProbe.LDD_VERSION, "ldd (GNU libc) 2.28\n");
        assertEquals("2.28", new SystemMachineProbe(ldd).probe().glibcVersion());

        CannedMachine old = CannedMachine.linux();
        old.links.put(Path.of("/lib64/libc.so.6"), "libc-2.17.so");
        assertEquals("2.17", new SystemMachineProbe(old).probe().glibcVersion());
    }

    @Test
    void muslLinuxHasNoGlibc() {
        CannedMachine musl = CannedMachine.linux();
        musl.links.put(Path.of("/lib/libc.so.6"), "ld-musl-x86_64.so.1");
        assertNull(new SystemMachineProbe(musl).probe().glibcVersion());
    }

    @Test
    void unknownCpuFlagsMeanTheBaselineLevel() {
        assertEquals("x86_64", new SystemMachineProbe(CannedMachine.linux()).probe().microarchitecture());
    }

    @Test
    void osHardwareInventoryFillsInWhatProcDoesNotSay() {
        CannedMachine m = CannedMachine.linux();
        m.hardware = new HardwareSummary("Intel(R) Core(TM) i7", 12, 32L << 30,
                List.of("flags: " + CpuLevelTest.HASWELL), List.of());
        // without /proc/cpuinfo even the lighter probe for virtual packages reads the CPU's flags from it
        assertEquals("x86_64_v3", new SystemMachineProbe(m).probeForVirtualPackages().microarchitecture());
        assertEquals(1, m.inventoryReads);
        MachineFacts facts = new SystemMachineProbe(m).probe();
        assertEquals("Intel(R) Core(TM) i7", facts.cpuModel());
        assertEquals(12, facts.cpuCount());
        assertEquals(32L << 30, facts.memoryBytes());
        assertEquals("x86_64_v3", facts.microarchitecture());
    }

    @Test
    void macosVersionComesFromSwVersAndFlagsFromSysctl() {
        CannedMachine mac = new CannedMachine();
        mac.properties.put("os.name", "Mac OS X");
        mac.properties.put("os.arch", "x86_64");
        mac.properties.put("os.version", "10.16");
        mac.commands.put(SystemMachineProbe.MACOS_VERSION, "13.6.4\n");
        mac.commands.put(SystemMachineProbe.MACOS_CPU_FEATURES,
                "FPU SSE SSE2 SSE3 SSSE3 CX16 SSE4.1 SSE4.2 POPCNT\nBMI1\nLAHF\n");
        mac.commands.put(SystemMachineProbe.NVIDIA_SMI, NvidiaParsingTest.NVIDIA_SMI);

        MachineFacts facts = new SystemMachineProbe(mac).probe();

        assertEquals(Platform.OSX_64, facts.platform());
        assertEquals("13.6.4", facts.osVersion());
        assertEquals("x86_64_v2", facts.microarchitecture());
        assertNull(facts.glibcVersion());
        assertNull(facts.cudaVersion(), "macOS has no CUDA drivers");
    }

    @Test
    void armMachinesReportTheirGenericArchitecture() {
        CannedMachine arm = CannedMachine.linux();
        arm.properties.put("os.arch", "aarch64");
        assertEquals("aarch64", new SystemMachineProbe(arm).probe().microarchitecture());
    }

    @Test
    void aMissingCommandIsAbsent() {
        SystemMachineSources sources = new SystemMachineSources();
        assertEquals(Optional.empty(), sources.run(List.of("jconda-no-such-command-" + System.nanoTime())));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aHangingCommandIsAbandonedAtTheTimeout() {
        SystemMachineSources sources = new SystemMachineSources(Duration.ofMillis(300), Duration.ofSeconds(5));
        Optional<String> out = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> sources.run(List.of("sh", "-c", "echo started; sleep 30")));
        assertEquals(Optional.empty(), out);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aFailingCommandIsAbsentAndASucceedingOneGivesItsOutput() {
        SystemMachineSources sources = new SystemMachineSources();
        assertEquals(Optional.empty(), sources.run(List.of("sh", "-c", "echo partial; exit 3")));
        assertEquals(Optional.of("hello\n"), sources.run(List.of("sh", "-c", "echo hello")));
    }

    @Test
    void theRealMachineCanBeProbedWithoutFailing() {
        MachineFacts facts = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> new SystemMachineProbe().probe());
        assertEquals(Platform.current(), facts.platform());
        assertTrue(facts.microarchitecture() != null && !facts.microarchitecture().isEmpty());
    }
}
