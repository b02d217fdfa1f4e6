package dev.jconda.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what {@code nvidia-smi} prints. */
public final class NvidiaSmiOutput {
    private static final Pattern DRIVER_VERSION = Pattern.compile("Driver Version:\\s*(\\d+(?:\\.\\d+)+)");
    private static final Pattern CUDA_VERSION = Pattern.compile("CUDA Version:\\s*(\\d+)\\.(\\d+)");
    private static final Pattern MEMORY = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*(B|KiB|MiB|GiB|TiB)?$",
            Pattern.CASE_INSENSITIVE);

    private NvidiaSmiOutput() {
    }

    /** The driver version in the table header of plain {@code nvidia-smi}: {@code Driver Version: 550.54.15}. */
    public static Optional<String> driverVersionFromHeader(String output) {
        Matcher m = DRIVER_VERSION.matcher(output == null ? "" : output);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * The newest CUDA the driver supports, from the table header of plain {@code nvidia-smi}:
     * {@code CUDA Version: 12.4}; empty when it says {@code N/A}.
     */
    public static Optional<String> cudaVersionFromHeader(String output) {
        Matcher m = CUDA_VERSION.matcher(output == null ? "" : output);
        return m.find() ? Optional.of(Integer.parseInt(m.group(1)) + "." + Integer.parseInt(m.group(2)))
                : Optional.empty();
    }

    /**
     * The GPUs listed by {@code nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader}, one
     * per line: {@code NVIDIA H100 80GB HBM3, 81559 MiB, 550.54.15}. Lines that do not have three fields are
     * skipped; an unreadable memory field ({@code [N/A]}) counts as 0.
     */
    public static List<Gpu> gpusFromQuery(String output) {
        List<Gpu> gpus = new ArrayList<>();
        for (String[] fields : rows(output)) {
            gpus.add(new Gpu("NVIDIA", fields[0], memoryBytes(fields[1])));
        }
        return gpus;
    }

    /** The driver version column of the same query; every GPU reports the same driver. */
    public static Optional<String> driverVersionFromQuery(String output) {
        for (String[] fields : rows(output)) {
            if (fields[2].matches("\\d+(?:\\.\\d+)+")) {
                return Optional.of(fields[2]);
            }
        }
        return Optional.empty();
    }

    private static List<String[]> rows(String output) {
        List<String[]> rows = new ArrayList<>();
        if (output == null) {
            return rows;
        }
        for (String line : output.split("\\R")) {
            // GPU names never contain commas, so the last two commas separate the other fields
            int last = line.lastIndexOf(',');
            int middle = last < 0 ? -1 : line.lastIndexOf(',', last - 1);
            if (middle <= 0) {
                continue;
            }
            String name = line.substring(0, middle).trim();
            if (name.isEmpty()) {
                continue;
            }
            rows.add(new String[] {name, line.substring(middle + 1, last).trim(), line.substring(last + 1).trim()});
        }
        return rows;
    }

    static long memoryBytes(String field) {
        Matcher m = MEMORY.matcher(field.trim());
        if (!m.matches()) {
            return 0;
        }
        double amount = Double.parseDouble(m.group(1));
        // nvidia-smi's csv format reports memory in MiB
        String unit = m.group(2) == null ? "mib" : m.group(2).toLowerCase(Locale.ROOT);
        long scale = switch (unit) {
            case "b" -> 1L;
            case "kib" -> 1L << 10;
            case "gib" -> 1L << 30;
            case "tib" -> 1L << 40;
            default -> 1L << 20;
        };
        return (long) (amount * scale);
    }
}
