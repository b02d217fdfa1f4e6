package dev.jconda.platform;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link MachineProbe} found out about the machine it runs on. Everything but the platform may be unknown:
 * strings are then {@code null} and numbers 0, since a fact nobody could read is not an error.
 *
 * @param platform            the conda subdir of this machine
 * @param osVersion           the kernel release on Linux ({@code 6.1.0-18-amd64}), the macOS version on macOS
 *                            ({@code 14.4.1}), the Windows version on Windows
 * @param glibcVersion        the C library version on glibc Linux ({@code 2.36}); null elsewhere and on musl
 * @param microarchitecture   the archspec name of the CPU: an x86-64 psABI level ({@code x86_64_v3}) on x86-64,
 *                            {@code aarch64} or {@code arm64} on ARM
 * @param cpuModel            the CPU's marketing name
 * @param cpuCount            logical processors
 * @param memoryBytes         physical memory
 * @param gpus                graphics cards, NVIDIA ones with what {@code nvidia-smi} says about them
 * @param nvidiaDriverVersion the loaded NVIDIA driver ({@code 550.54.15}); null without one
 * @param cudaVersion         the newest CUDA the NVIDIA driver supports, {@code major.minor}; null without a driver
 */
public record MachineFacts(
        Platform platform,
        String osVersion,
        String glibcVersion,
        String microarchitecture,
        String cpuModel,
        int cpuCount,
        long memoryBytes,
        List<Gpu> gpus,
        String nvidiaDriverVersion,
        String cudaVersion) {

    public MachineFacts {
        Objects.requireNonNull(platform, "platform");
        gpus = gpus == null ? List.of() : List.copyOf(gpus);
    }
}
