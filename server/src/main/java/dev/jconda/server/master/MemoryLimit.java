package dev.jconda.server.master;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The memory this process may use when something smaller than the machine limits it: a container's cgroup limit
 * (cgroup v1 {@code memory.limit_in_bytes} or v2 {@code memory.max}, as the JVM's container support reads them).
 *
 * @param bytes  the limit
 * @param source where it comes from, for the log
 */
public record MemoryLimit(long bytes, String source) {
    /** The limit of this process: the JVM's container-aware total memory, where it is below the machine's. */
    public static Optional<MemoryLimit> detect() {
        long jvmTotal = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        String meminfo;
        try {
            meminfo = Files.readString(Path.of("/proc/meminfo"));
        } catch (IOException e) {
            meminfo = "";
        }
        return fromTotals(jvmTotal, memTotal(meminfo));
    }

    /**
     * The JVM reports the cgroup limit as the total memory inside a container and the machine's otherwise, while
     * {@code /proc/meminfo} always shows the machine's: a total below the machine's is a limit.
     */
    static Optional<MemoryLimit> fromTotals(long jvmTotal, OptionalLong machineTotal) {
        if (jvmTotal <= 0 || machineTotal.isEmpty() || jvmTotal >= machineTotal.getAsLong()) {
            return Optional.empty();
        }
        return Optional.of(new MemoryLimit(jvmTotal, "cgroup"));
    }

    /** {@code MemTotal:  24682640 kB} of {@code /proc/meminfo}, in bytes. */
    static OptionalLong memTotal(String meminfo) {
        for (String line : meminfo.split("\n")) {
            if (line.startsWith("MemTotal:")) {
                String[] words = line.substring(9).trim().split("\\s+");
                try {
                    long value = Long.parseLong(words[0]);
                    return OptionalLong.of(words.length > 1 && words[1].equalsIgnoreCase("kB") ? value * 1024 : value);
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
