package dev.jconda.platform;

/**
 * Finds out what machine jconda runs on. A probe never fails and never hangs: what it cannot read is reported as
 * unknown in the {@link MachineFacts}.
 */
public interface MachineProbe {
    MachineFacts probe();

    /**
     * What {@link VirtualPackages} reads (platform, kernel, C library, CUDA, CPU microarchitecture), each found as
     * {@link #probe} finds it, without the parts of the hardware inventory nothing of that needs: a probe may then
     * leave the CPU model, the memory and non-NVIDIA graphics cards unknown.
     */
    default MachineFacts probeForVirtualPackages() {
        return probe();
    }
}
