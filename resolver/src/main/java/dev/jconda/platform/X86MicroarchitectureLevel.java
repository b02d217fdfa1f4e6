package dev.jconda.platform;

import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The x86-64 psABI microarchitecture levels, which conda's {@code __archspec} and package builds
 * ({@code x86_64_v3}) name. Each level is the one before plus a set of CPU features, spelled as Linux's
 * {@code /proc/cpuinfo} spells them.
 */
public enum X86MicroarchitectureLevel {
    X86_64("x86_64", Set.of()),
    X86_64_V2("x86_64_v2", Set.of("cx16", "lahf_lm", "popcnt", "sse4_1", "sse4_2", "ssse3")),
    X86_64_V3("x86_64_v3", Set.of("avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave")),
    X86_64_V4("x86_64_v4", Set.of("avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"));

    private final String archspecName;
    private final Set<String> addedFeatures;

    X86MicroarchitectureLevel(String archspecName, Set<String> addedFeatures) {
        this.archspecName = archspecName;
        this.addedFeatures = addedFeatures;
    }

    public String archspecName() {
        return archspecName;
    }

    /**
     * The highest level whose features (and those of every lower level) the CPU has. Flags may be spelled as Linux
     * does ({@code sse4_1}, {@code abm}) or as macOS's sysctl does ({@code SSE4.1}, {@code LZCNT}, {@code AVX1.0}).
     */
    public static X86MicroarchitectureLevel fromFlags(Collection<String> cpuFlags) {
        Set<String> flags = new HashSet<>();
        for (String flag : cpuFlags) {
            flags.add(linuxSpelling(flag));
        }
        X86MicroarchitectureLevel reached = X86_64;
        for (X86MicroarchitectureLevel level : values()) {
            if (!flags.containsAll(level.addedFeatures)) {
                break;
            }
            reached = level;
        }
        return reached;
    }

    private static String linuxSpelling(String flag) {
        String f = flag.trim().toLowerCase(Locale.ROOT);
        return switch (f) {
            case "sse4.1" -> "sse4_1";
            case "sse4.2" -> "sse4_2";
            case "avx1.0" -> "avx";
            // lzcnt is reported by AMD's and Intel's "abm" CPUID bit, which Linux names abm
            case "lzcnt" -> "abm";
            case "lahf" -> "lahf_lm";
            case "cmpxchg16b" -> "cx16";
            default -> f;
        };
    }
}
