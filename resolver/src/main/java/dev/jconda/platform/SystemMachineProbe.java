package dev.jconda.platform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Probes the machine through {@link MachineSources}: Linux's {@code /proc}, {@code getconf}, {@code ldd},
 * {@code nvidia-smi}, macOS's {@code sysctl} and {@code sw_vers}, and OSHI for what has no portable file.
 * Where two sources know the same fact the cheaper and more exact one wins: {@code /proc/driver/nvidia/version} over
 * {@code nvidia-smi} for the driver, {@code nvidia-smi} over OSHI for NVIDIA GPUs' memory.
 */
public final class SystemMachineProbe implements MachineProbe {
    static final List<String> NVIDIA_SMI = List.of("nvidia-smi");
    static final List<String> NVIDIA_SMI_QUERY = List.of("nvidia-smi",
            "--query-gpu=name,memory.total,driver_version", "--format=csv,noheader");
    static final List<String> GETCONF_GLIBC = List.of("getconf", "GNU_LIBC_VERSION");
    static final List<String> LDD_VERSION = List.of("ldd", "--version");
    static final List<String> MACOS_CPU_FEATURES = List.of("sysctl", "-n",
            "machdep.cpu.features", "machdep.cpu.leaf7_features", "machdep.cpu.extfeatures");
    static final List<String> MACOS_VERSION = List.of("sw_vers", "-productVersion");
    static final List<String> LINUX_KERNEL_RELEASE = List.of("uname", "-r");

    static final Path PROC_CPUINFO = Path.of("/proc/cpuinfo");
    static final Path PROC_MEMINFO = Path.of("/proc/meminfo");
    static final Path PROC_NVIDIA_VERSION = Path.of("/proc/driver/nvidia/version");
    /** Where distributions put {@code libc.so.6}; before glibc 2.34 it links to {@code libc-2.NN.so}. */
    static final List<Path> LIBC_SO = List.of(
            Path.of("/lib/x86_64-linux-gnu/libc.so.6"), Path.of("/lib/aarch64-linux-gnu/libc.so.6"),
            Path.of("/lib64/libc.so.6"), Path.of("/lib/libc.so.6"), Path.of("/usr/lib64/libc.so.6"),
            Path.of("/usr/lib/libc.so.6"));

    private static final Pattern MEMTOTAL_KB = Pattern.compile("(?m)^MemTotal:\\s+(\\d+)\\s*kB");

    private final MachineSources sources;

    public SystemMachineProbe() {
        this(new SystemMachineSources());
    }

    public SystemMachineProbe(MachineSources sources) {
        this.sources = Objects.requireNonNull(sources, "sources");
    }

    /**
     * @throws IllegalStateException only when the JVM runs on an OS or CPU that is none of the {@link Platform}s
     */
    @Override
    public MachineFacts probe() {
        return probe(true);
    }

    /**
     * Without OSHI's inventory, unless the CPU's features are nowhere else (not Linux, not macOS). On Linux the
     * inventory loads a native library and runs lspci and lshw for the graphics cards: most of the 0.14 s the
     * probe took while a cold {@code env create} from a lock waited for it, and nothing a lock's
     * {@code virtual-depends} is checked against.
     */
    @Override
    public MachineFacts probeForVirtualPackages() {
        return probe(false);
    }

    private MachineFacts probe(boolean inventory) {
        Platform platform = Platform.current(Objects.requireNonNullElse(sources.property("os.name"), ""),
                Objects.requireNonNullElse(sources.property("os.arch"), ""));
        HardwareSummary hardware = inventory ? sources.hardware() : HardwareSummary.UNKNOWN;
        CpuInfo cpuinfo = platform.isLinux()
                ? sources.readFile(PROC_CPUINFO).map(CpuInfo::parse).orElse(null)
                : null;

        String cpuModel = hardware.cpuModel() != null ? hardware.cpuModel()
                : cpuinfo != null ? cpuinfo.modelName() : null;
        int cpuCount = hardware.logicalCpus() > 0 ? hardware.logicalCpus()
                : cpuinfo != null ? cpuinfo.processorCount() : 0;
        long memory = hardware.memoryBytes() > 0 ? hardware.memoryBytes() : linuxMemTotal(platform);

        NvidiaFacts nvidia = platform.isOsx() ? NvidiaFacts.NONE : nvidia(platform);
        return new MachineFacts(
                platform,
                osVersion(platform),
                platform.isLinux() ? glibcVersion() : null,
                microarchitecture(platform, cpuinfo, inventory ? () -> hardware : sources::hardware),
                cpuModel,
                cpuCount,
                memory,
                mergeGpus(hardware.graphicsCards(), nvidia.gpus()),
                nvidia.driverVersion(),
                nvidia.cudaVersion());
    }

    private String osVersion(Platform platform) {
        if (platform.isOsx()) {
            Optional<String> productVersion = sources.run(MACOS_VERSION).map(String::strip).filter(s -> !s.isEmpty());
            if (productVersion.isPresent()) {
                return productVersion.get();
            }
        }
        String property = sources.property("os.version");
        if (property != null && !property.isBlank()) {
            return property.strip();
        }
        if (platform.isLinux()) {
            return sources.run(LINUX_KERNEL_RELEASE).map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        }
        return null;
    }

    private String glibcVersion() {
        Optional<String> version = sources.run(GETCONF_GLIBC).flatMap(GlibcVersions::fromGetconf);
        if (version.isEmpty()) {
            version = sources.run(LDD_VERSION).flatMap(GlibcVersions::fromLddVersion);
        }
        for (Path libc : LIBC_SO) {
            if (version.isPresent()) {
                break;
            }
            version = sources.linkTarget(libc).flatMap(GlibcVersions::fromLibcFileName);
        }
        return version.orElse(null);
    }

    /** @param inventory the OS hardware inventory, asked only when no cheaper source has the CPU's flags */
    private String microarchitecture(Platform platform, CpuInfo cpuinfo,
                                     java.util.function.Supplier<HardwareSummary> inventory) {
        if (!platform.isX86()) {
            return platform.genericArchitecture();
        }
        List<String> flags = new ArrayList<>();
        if (cpuinfo != null) {
            flags.addAll(cpuinfo.flags());
        } else if (platform.isOsx()) {
            sources.run(MACOS_CPU_FEATURES).ifPresent(text -> flags.addAll(tokens(text)));
        }
        if (flags.isEmpty()) {
            for (String line : inventory.get().cpuFeatureFlags()) {
                flags.addAll(tokens(line));
            }
        }
        return X86MicroarchitectureLevel.fromFlags(flags).archspecName();
    }

    private long linuxMemTotal(Platform platform) {
        if (!platform.isLinux()) {
            return 0;
        }
        return sources.readFile(PROC_MEMINFO).map(text -> {
            Matcher m = MEMTOTAL_KB.matcher(text);
            return m.find() ? Long.parseLong(m.group(1)) * 1024 : 0L;
        }).orElse(0L);
    }

    private record NvidiaFacts(String driverVersion, String cudaVersion, List<Gpu> gpus) {
        static final NvidiaFacts NONE = new NvidiaFacts(null, null, List.of());
    }

    private NvidiaFacts nvidia(Platform platform) {
        Optional<String> procDriver = platform.isLinux()
                ? sources.readFile(PROC_NVIDIA_VERSION).flatMap(NvidiaDrivers::versionFromProcFile)
                : Optional.empty();
        Optional<String> header = sources.run(NVIDIA_SMI);
        // when plain nvidia-smi fails or hangs the query would too; do not wait for it twice
        Optional<String> query = header.isPresent() ? sources.run(NVIDIA_SMI_QUERY) : Optional.empty();

        String driver = procDriver
                .or(() -> header.flatMap(NvidiaSmiOutput::driverVersionFromHeader))
                .or(() -> query.flatMap(NvidiaSmiOutput::driverVersionFromQuery))
                .orElse(null);
        if (driver == null) {
            return NvidiaFacts.NONE;
        }
        String cuda = header.flatMap(NvidiaSmiOutput::cudaVersionFromHeader)
                .or(() -> NvidiaDrivers.cudaVersionSupportedBy(driver, platform))
                .orElse(null);
        return new NvidiaFacts(driver, cuda, query.map(NvidiaSmiOutput::gpusFromQuery).orElse(List.of()));
    }

    /** NVIDIA cards as nvidia-smi lists them (it knows their memory), other cards as the OS inventory does. */
    static List<Gpu> mergeGpus(List<Gpu> inventory, List<Gpu> fromNvidiaSmi) {
        if (fromNvidiaSmi.isEmpty()) {
            return inventory;
        }
        List<Gpu> merged = new ArrayList<>();
        for (Gpu gpu : inventory) {
            if (!gpu.isNvidia()) {
                merged.add(gpu);
            }
        }
        merged.addAll(fromNvidiaSmi);
        return merged;
    }

    private static List<String> tokens(String text) {
        return Arrays.stream(text.split("[\\s:,]+")).filter(s -> !s.isEmpty()).toList();
    }
}
