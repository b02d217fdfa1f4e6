package dev.jconda.platform;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an NVIDIA driver version says without asking the driver: its number from the kernel module's
 * {@code /proc/driver/nvidia/version}, and the newest CUDA it supports from NVIDIA's table of minimum driver
 * versions. The table is the fallback for when {@code nvidia-smi}, which states the CUDA version itself, is missing
 * or too slow.
 */
public final class NvidiaDrivers {
    private static final Pattern PROC_VERSION =
            Pattern.compile("Kernel Module(?:\\s+for\\s+\\S+)?\\s+(\\d+\\.\\d+(?:\\.\\d+)?)");

    /**
     * Minimum driver for each CUDA release (GA), from the CUDA Toolkit release notes' table "CUDA Toolkit and
     * Corresponding Driver Versions". Windows drivers are numbered apart from Linux ones, hence two columns; where
     * NVIDIA no longer states a Windows minimum the row is left out for Windows, so that a driver is never credited
     * with a CUDA it may not support.
     */
    private static final List<MinimumDriver> MINIMUM_DRIVERS = List.of(
            new MinimumDriver("13.1", "590.44.01", null),
            new MinimumDriver("13.0", "580.65.06", "580.88"),
            new MinimumDriver("12.9", "575.51.03", "576.02"),
            new MinimumDriver("12.8", "570.26", "570.65"),
            new MinimumDriver("12.6", "560.28.03", "560.76"),
            new MinimumDriver("12.5", "555.42.02", "555.85"),
            new MinimumDriver("12.4", "550.54.14", "551.61"),
            new MinimumDriver("12.3", "545.23.06", "545.84"),
            new MinimumDriver("12.2", "535.54.03", "536.25"),
            new MinimumDriver("12.1", "530.30.02", "531.14"),
            new MinimumDriver("12.0", "525.60.13", "527.41"),
            new MinimumDriver("11.8", "520.61.05", "520.06"),
            new MinimumDriver("11.7", "515.43.04", "516.01"),
            new MinimumDriver("11.6", "510.39.01", "511.23"),
            new MinimumDriver("11.5", "495.29.05", "496.04"),
            new MinimumDriver("11.4", "470.42.01", "471.11"),
            new MinimumDriver("11.3", "465.19.01", "465.89"),
            new MinimumDriver("11.2", "460.27.03", "460.82"),
            new MinimumDriver("11.1", "455.23", "456.38"),
            new MinimumDriver("11.0", "450.36.06", "451.22"));

    private record MinimumDriver(String cuda, String linux, String windows) {
    }

    private NvidiaDrivers() {
    }

    /**
     * The driver version in {@code /proc/driver/nvidia/version}:
     * {@code NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15  Tue Mar  5 ...} or, for the open module,
     * {@code NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  570.86.15  Release Build ...}.
     */
    public static Optional<String> versionFromProcFile(String text) {
        Matcher m = PROC_VERSION.matcher(text == null ? "" : text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * The newest CUDA ({@code major.minor}) whose minimum driver the given driver meets; empty for drivers older
     * than CUDA 11.0's, for unreadable versions, and on macOS, which has no CUDA drivers.
     */
    public static Optional<String> cudaVersionSupportedBy(String driverVersion, Platform platform) {
        if (driverVersion == null || !driverVersion.matches("\\d+(?:\\.\\d+)*") || platform.isOsx()) {
            return Optional.empty();
        }
        for (MinimumDriver row : MINIMUM_DRIVERS) {
            String minimum = platform.isWindows() ? row.windows() : row.linux();
            if (minimum != null && compareNumeric(driverVersion, minimum) >= 0) {
                return Optional.of(row.cuda());
            }
        }
        return Optional.empty();
    }

    static int compareNumeric(String a, String b) {
        String[] as = a.split("\\.");
        String[] bs = b.split("\\.");
        for (int i = 0; i < Math.max(as.length, bs.length); i++) {
            long x = i < as.length ? Long.parseLong(as[i]) : 0;
            long y = i < bs.length ? Long.parseLong(bs[i]) : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        return 0;
    }
}
