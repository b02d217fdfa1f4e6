package dev.jconda.platform;

import java.util.Locale;
import java.util.Objects;

/**
 * A graphics card this machine has.
 *
 * @param vendor      as the driver or PCI database names it ({@code NVIDIA}, {@code Advanced Micro Devices, Inc.})
 * @param name        the product name ({@code NVIDIA H100 80GB HBM3})
 * @param memoryBytes dedicated memory; 0 when the source did not say
 */
public record Gpu(String vendor, String name, long memoryBytes) {
    public Gpu {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(name, "name");
        if (memoryBytes < 0) {
            throw new IllegalArgumentException("negative GPU memory: " + memoryBytes);
        }
    }

    /** Whether NVIDIA made it; OSHI names the vendor {@code NVIDIA Corporation}, nvidia-smi the product. */
    public boolean isNvidia() {
        return vendor.toLowerCase(Locale.ROOT).contains("nvidia")
                || name.toLowerCase(Locale.ROOT).startsWith("nvidia");
    }
}
