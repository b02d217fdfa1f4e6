package dev.jconda.platform;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything {@link SystemMachineProbe} reads from: files, commands, JVM properties and the OS hardware inventory.
 * Tests hand the probe canned text through this interface, so that what it makes of a real machine's
 * {@code /proc/cpuinfo} or {@code nvidia-smi} output can be checked on any machine. Every method answers "absent"
 * rather than failing: a missing file, a missing command and a command that hangs look alike to the probe.
 */
public interface MachineSources {
    /** A text file's content, empty when it cannot be read. */
    Optional<String> readFile(Path path);

    /** Where a symbolic link points, empty when the path is no link or cannot be read. */
    Optional<String> linkTarget(Path path);

    /** The standard output of a command that ran to completion with exit status 0 within the source's timeout. */
    Optional<String> run(List<String> command);

    /** A JVM system property, such as {@code os.name}; null when unset. */
    String property(String key);

    /** The OS hardware inventory, {@link HardwareSummary#UNKNOWN} when it cannot be read. */
    HardwareSummary hardware();
}
