package dev.jconda.platform;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What Linux's {@code /proc/cpuinfo} says, as far as jconda cares.
 *
 * @param modelName      the first processor's {@code model name} (x86) or null (most ARM kernels print none)
 * @param flags          the first processor's feature flags ({@code flags} on x86, {@code Features} on ARM)
 * @param processorCount the number of {@code processor} stanzas: logical CPUs
 */
public record CpuInfo(String modelName, Set<String> flags, int processorCount) {
    public CpuInfo {
        flags = Set.copyOf(flags);
    }

    public static CpuInfo parse(String procCpuinfo) {
        String modelName = null;
        Set<String> flags = null;
        int processors = 0;
        for (String line : procCpuinfo.split("\\R")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "processor" -> processors++;
                case "model name" -> {
                    if (modelName == null && !value.isEmpty()) {
                        modelName = value;
                    }
                }
                case "flags", "Features" -> {
                    if (flags == null) {
                        flags = new LinkedHashSet<>();
                        for (String flag : value.split("\\s+")) {
                            if (!flag.isEmpty()) {
                                flags.add(flag);
                            }
                        }
                    }
                }
                default -> {
                }
            }
        }
        return new CpuInfo(modelName, flags == null ? Set.of() : flags, processors);
    }
}
