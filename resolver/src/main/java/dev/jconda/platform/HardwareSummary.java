package dev.jconda.platform;

import java.util.List;

/**
 * What the operating system's hardware inventory (OSHI) reports; the part of {@link MachineFacts} that has no
 * portable file or command to read it from.
 *
 * @param cpuModel        the CPU's marketing name, or null
 * @param logicalCpus     logical processors, 0 when unknown
 * @param memoryBytes     physical memory, 0 when unknown
 * @param cpuFeatureFlags CPU feature flags as the OS lists them, possibly several to an element
 * @param graphicsCards   graphics cards, with memory 0 where the OS does not say
 */
public record HardwareSummary(
        String cpuModel, int logicalCpus, long memoryBytes, List<String> cpuFeatureFlags, List<Gpu> graphicsCards) {

    public static final HardwareSummary UNKNOWN = new HardwareSummary(null, 0, 0, List.of(), List.of());

    public HardwareSummary {
        cpuFeatureFlags = List.copyOf(cpuFeatureFlags);
        graphicsCards = List.copyOf(graphicsCards);
    }
}
