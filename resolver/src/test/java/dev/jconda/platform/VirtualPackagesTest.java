package dev.jconda.platform;

import dev.jconda.model.VirtualPackage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VirtualPackagesTest {
    static final MachineFacts LINUX_WITH_GPU = new MachineFacts(Platform.LINUX_64, "6.1.0-18-amd64", "2.36",
            "x86_64_v3", "AMD EPYC", 8, 16L << 30, List.of(new Gpu("NVIDIA", "NVIDIA H100 80GB HBM3", 80L << 30)),
            "550.54.15", "12.4");
    static final MachineFacts MAC = new MachineFacts(Platform.OSX_ARM64, "14.4.1", null, "arm64", "Apple M2", 8,
            16L << 30, List.of(), null, null);

    /** The packages as conda prints them: name=version=build. */
    private static List<String> names(List<VirtualPackage> packages) {
        return packages.stream().map(p -> p.name() + "=" + p.version() + "=" + p.build()).toList();
    }

    private static List<String> forPlatform(MachineFacts machine, Map<String, String> env, Platform target) {
        return names(new VirtualPackages(machine, env).forPlatform(target));
    }

    @Test
    void currentLinuxPlatformDescribesThisMachine() {
        assertEquals(List.of("__archspec=1=x86_64_v3", "__cuda=12.4=0", "__glibc=2.36=0", "__linux=6.1.0=0",
                "__unix=0=0"), names(new VirtualPackages(LINUX_WITH_GPU, Map.of()).forCurrentPlatform()));
    }

    @Test
    void currentMacPlatform() {
        assertEquals(List.of("__archspec=1=arm64", "__osx=14.4.1=0", "__unix=0=0"),
                forPlatform(MAC, Map.of(), Platform.OSX_ARM64));
    }

    @Test
    void overrideSetToAValueReplacesTheDetectedOne() {
        Map<String, String> env = Map.of("JCONDA_OVERRIDE_CUDA", "11.8", "JCONDA_OVERRIDE_GLIBC", "2.28",
                "JCONDA_OVERRIDE_ARCHSPEC", "x86_64_v2", "JCONDA_OVERRIDE_LINUX", "5.15");
        assertEquals(List.of("__archspec=1=x86_64_v2", "__cuda=11.8=0", "__glibc=2.28=0", "__linux=5.15=0",
                "__unix=0=0"), forPlatform(LINUX_WITH_GPU, env, Platform.LINUX_64));
    }

    @Test
    void overrideSetToEmptyRemovesThePackage() {
        Map<String, String> env = Map.of("JCONDA_OVERRIDE_CUDA", "", "JCONDA_OVERRIDE_GLIBC", "",
                "JCONDA_OVERRIDE_ARCHSPEC", "", "JCONDA_OVERRIDE_LINUX", "  ");
        assertEquals(List.of("__unix=0=0"), forPlatform(LINUX_WITH_GPU, env, Platform.LINUX_64));
        assertEquals(List.of("__archspec=1=arm64", "__unix=0=0"),
                forPlatform(MAC, Map.of("JCONDA_OVERRIDE_OSX", ""), Platform.OSX_ARM64));
    }

    @Test
    void overrideUnsetLeavesTheDetectedValue() {
        Map<String, String> unrelated = Map.of("CONDA_OVERRIDE_CUDA", "9.0", "PATH", "/usr/bin");
        assertEquals(names(new VirtualPackages(LINUX_WITH_GPU, Map.of()).forCurrentPlatform()),
                forPlatform(LINUX_WITH_GPU, unrelated, Platform.LINUX_64));
    }

    @Test
    void cudaOverrideAddsCudaToAMachineWithoutAGpu() {
        MachineFacts noGpu = new MachineFacts(Platform.LINUX_64, "6.1.0", "2.36", "x86_64_v3", null, 0, 0,
                List.of(), null, null);
        assertEquals(Optional.of("__cuda=12.6=0"),
                forPlatform(noGpu, Map.of("JCONDA_OVERRIDE_CUDA", "12.6"), Platform.LINUX_64).stream()
                        .filter(p -> p.startsWith("__cuda")).findFirst());
    }

    @Test
    void otherPlatformsGetBaselineDefaultsAndNeverThisMachinesGpu() {
        assertEquals(List.of("__archspec=1=x86_64", "__win=0=0"),
                forPlatform(LINUX_WITH_GPU, Map.of(), Platform.WIN_64));
        assertEquals(List.of("__archspec=1=aarch64", "__glibc=2.28=0", "__linux=4.18=0", "__unix=0=0"),
                forPlatform(LINUX_WITH_GPU, Map.of(), Platform.LINUX_AARCH64));
        assertEquals(List.of("__archspec=1=arm64", "__osx=11.0=0", "__unix=0=0"),
                forPlatform(LINUX_WITH_GPU, Map.of(), Platform.OSX_ARM64));
        assertEquals(List.of("__archspec=1=x86_64", "__osx=10.15=0", "__unix=0=0"),
                forPlatform(LINUX_WITH_GPU, Map.of(), Platform.OSX_64));
        assertEquals(List.of("__archspec=1=x86_64", "__glibc=2.28=0", "__linux=4.18=0", "__unix=0=0"),
                forPlatform(MAC, Map.of(), Platform.LINUX_64));
    }

    @Test
    void overridesApplyToOtherPlatformsToo() {
        Map<String, String> env = Map.of("JCONDA_OVERRIDE_CUDA", "12.1", "JCONDA_OVERRIDE_GLIBC", "2.28",
                "JCONDA_OVERRIDE_OSX", "12.0");
        assertEquals(List.of("__archspec=1=x86_64", "__cuda=12.1=0", "__win=0=0"),
                forPlatform(MAC, env, Platform.WIN_64));
        assertEquals(List.of("__archspec=1=x86_64", "__cuda=12.1=0", "__glibc=2.28=0", "__linux=4.18=0",
                "__unix=0=0"), forPlatform(MAC, env, Platform.LINUX_64));
        assertEquals(List.of("__archspec=1=x86_64", "__osx=12.0=0", "__unix=0=0"),
                forPlatform(LINUX_WITH_GPU, env, Platform.OSX_64));
    }

    @Test
    void muslLinuxHasNoGlibcPackage() {
        MachineFacts musl = new MachineFacts(Platform.LINUX_64, "5.15.0", null, "x86_64", null, 0, 0, List.of(),
                null, null);
        assertEquals(List.of("__archspec=1=x86_64", "__linux=5.15.0=0", "__unix=0=0"),
                forPlatform(musl, Map.of(), Platform.LINUX_64));
    }

    @Test
    void kernelReleaseIsCutToItsNumericPart() {
        assertEquals(Optional.of("6.1.0"), VirtualPackages.numericKernelVersion("6.1.0-18-amd64"));
        assertEquals(Optional.of("5.15.133.1"),
                VirtualPackages.numericKernelVersion("5.15.133.1-microsoft-standard-WSL2"));
        assertEquals(Optional.of("4.18.0"), VirtualPackages.numericKernelVersion("4.18.0-513.el8.x86_64"));
        assertEquals(Optional.of("6.18.44"), VirtualPackages.numericKernelVersion("6.18.44-fc-v669"));
        assertEquals(Optional.of("6.8"), VirtualPackages.numericKernelVersion("6.8-rc1"));
        assertEquals(Optional.empty(), VirtualPackages.numericKernelVersion("unknown"));
    }
}
