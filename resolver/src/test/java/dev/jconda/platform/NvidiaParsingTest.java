package dev.jconda.platform;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What nvidia-smi and the kernel module print, and NVIDIA's driver-to-CUDA table. */
class NvidiaParsingTest {
    static final String NVIDIA_SMI = """
            Tue Mar 19 10:15:02 2024
            +-----------------------------------------------------------------------------------------+
            | NVIDIA-SMI 550.54.15              Driver Version: 550.54.15      CUDA Version: 12.4     |
            |-----------------------------------------+------------------------+----------------------+
            | GPU  Name                 Persistence-M | Bus-Id          Disp.A | Volatile Uncorr. ECC |
            | Fan  Temp   Perf          Pwr:Usage/Cap |           Memory-Usage | GPU-Util  Compute M. |
            |=========================================+========================+======================|
            |   0  NVIDIA H100 80GB HBM3          On  |   00000000:19:00.0 Off |                    0 |
            | N/A   27C    P0             69W /  700W |       1MiB /  81559MiB |      0%      Default |
            +-----------------------------------------+------------------------+----------------------+
            """;
    static final String NVIDIA_SMI_QUERY = """
            NVIDIA H100 80GB HBM3, 81559 MiB, 550.54.15
            NVIDIA H100 80GB HBM3, 81559 MiB, 550.54.15
            """;
    static final String PROC_VERSION = """
            NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15  Tue Mar  5 22:23:56 UTC 2024
            GCC version:  gcc version 12.2.0 (Debian 12.2.0-14)
            """;

    @Test
    void headerGivesDriverAndCudaVersion() {
        assertEquals(Optional.of("550.54.15"), NvidiaSmiOutput.driverVersionFromHeader(NVIDIA_SMI));
        assertEquals(Optional.of("12.4"), NvidiaSmiOutput.cudaVersionFromHeader(NVIDIA_SMI));
    }

    @Test
    void olderHeaderLayoutAndWindowsDriverNumbers() {
        String older = "| NVIDIA-SMI 470.82.01    Driver Version: 470.82.01    CUDA Version: 11.4     |";
        assertEquals(Optional.of("11.4"), NvidiaSmiOutput.cudaVersionFromHeader(older));
        String windows = "| NVIDIA-SMI 551.61                 Driver Version: 551.61         CUDA Version: 12.4 |";
        assertEquals(Optional.of("551.61"), NvidiaSmiOutput.driverVersionFromHeader(windows));
    }

    @Test
    void headerWithoutCudaVersionGivesNone() {
        assertEquals(Optional.empty(), NvidiaSmiOutput.cudaVersionFromHeader(
                "| NVIDIA-SMI 550.54.15   Driver Version: 550.54.15   CUDA Version: N/A |"));
        assertEquals(Optional.empty(), NvidiaSmiOutput.cudaVersionFromHeader(
                "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."));
    }

    @Test
    void queryListsEveryGpuWithMemoryInBytes() {
        List<Gpu> gpus = NvidiaSmiOutput.gpusFromQuery(NVIDIA_SMI_QUERY);
        assertEquals(2, gpus.size());
        assertEquals(new Gpu("NVIDIA", "NVIDIA H100 80GB HBM3", 81559L * 1024 * 1024), gpus.getFirst());
        assertEquals(Optional.of("550.54.15"), NvidiaSmiOutput.driverVersionFromQuery(NVIDIA_SMI_QUERY));
    }

    @Test
    void queryFieldsThatSayNotAvailableAreUnknown() {
        List<Gpu> gpus = NvidiaSmiOutput.gpusFromQuery("NVIDIA GeForce RTX 4090, [N/A], 560.94\n\ngarbage\n");
        assertEquals(List.of(new Gpu("NVIDIA", "NVIDIA GeForce RTX 4090", 0)), gpus);
    }

    @Test
    void procFileNamesTheLoadedDriver() {
        assertEquals(Optional.of("550.54.15"), NvidiaDrivers.versionFromProcFile(PROC_VERSION));
        assertEquals(Optional.of("570.86.15"), NvidiaDrivers.versionFromProcFile(
                "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  570.86.15  Release Build  "
                        + "(dvs-builder@U16-I3-B03-4-3)  Thu Jan 23 22:49:26 UTC 2025\n"));
        assertEquals(Optional.of("535.104.05"), NvidiaDrivers.versionFromProcFile(
                "NVRM version: NVIDIA UNIX aarch64 Kernel Module  535.104.05  Sat Aug 19 01:13:04 UTC 2023"));
        assertEquals(Optional.empty(), NvidiaDrivers.versionFromProcFile(""));
    }

    @Test
    void driverVersionMapsToTheNewestCudaWhoseMinimumItMeets() {
        assertEquals(Optional.of("12.4"), NvidiaDrivers.cudaVersionSupportedBy("550.54.15", Platform.LINUX_64));
        assertEquals(Optional.of("12.4"), NvidiaDrivers.cudaVersionSupportedBy("550.54.14", Platform.LINUX_64));
        assertEquals(Optional.of("12.3"), NvidiaDrivers.cudaVersionSupportedBy("545.29.06", Platform.LINUX_64));
        assertEquals(Optional.of("12.2"), NvidiaDrivers.cudaVersionSupportedBy("535.183.01", Platform.LINUX_64));
        assertEquals(Optional.of("12.8"), NvidiaDrivers.cudaVersionSupportedBy("570.124.06", Platform.LINUX_64));
        assertEquals(Optional.of("13.0"), NvidiaDrivers.cudaVersionSupportedBy("580.65.06", Platform.LINUX_AARCH64));
        assertEquals(Optional.of("11.4"), NvidiaDrivers.cudaVersionSupportedBy("470.82.01", Platform.LINUX_64));
        assertEquals(Optional.of("11.0"), NvidiaDrivers.cudaVersionSupportedBy("450.80.02", Platform.LINUX_64));
        assertEquals(Optional.empty(), NvidiaDrivers.cudaVersionSupportedBy("440.33.01", Platform.LINUX_64));
    }

    @Test
    void windowsDriversHaveTheirOwnNumbers() {
        assertEquals(Optional.of("12.4"), NvidiaDrivers.cudaVersionSupportedBy("551.61", Platform.WIN_64));
        assertEquals(Optional.of("12.3"), NvidiaDrivers.cudaVersionSupportedBy("551.23", Platform.WIN_64));
    }

    @Test
    void noCudaOnMacosOrForUnreadableVersions() {
        assertEquals(Optional.empty(), NvidiaDrivers.cudaVersionSupportedBy("550.54.15", Platform.OSX_64));
        assertEquals(Optional.empty(), NvidiaDrivers.cudaVersionSupportedBy("unknown", Platform.LINUX_64));
        assertEquals(Optional.empty(), NvidiaDrivers.cudaVersionSupportedBy(null, Platform.LINUX_64));
    }
}
