package dev.jconda.platform;

import dev.jconda.model.PackageName;
import dev.jconda.model.Version;
import dev.jconda.model.VirtualPackage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The virtual packages ({@code __glibc}, {@code __cuda}, ...) the solver sees for a target platform, as conda,
 * conda-lock and pixi make them.
 *
 * <p>For the platform this machine is, they describe this machine: {@code __unix=0} on Linux and macOS,
 * {@code __linux} = the kernel release cut to its numeric part ({@code 6.1.0-18-amd64} &rarr; {@code 6.1.0}),
 * {@code __glibc} = the C library version (absent on musl), {@code __osx} = the macOS version, {@code __win=0},
 * {@code __archspec=1} with the CPU's microarchitecture as build ({@code x86_64_v3}), and {@code __cuda} = the
 * newest CUDA the NVIDIA driver supports, only when there is one.
 *
 * <p>For any other platform (locking {@code win-64} on a Linux machine) nothing of this machine is used, and in
 * particular not its GPU. The packages are those of a baseline machine of that platform:
 * <ul>
 *   <li>{@code __glibc} {@value #DEFAULT_GLIBC} for Linux, pixi's default (manylinux_2_28);</li>
 *   <li>{@code __linux} {@value #DEFAULT_LINUX} for Linux, the oldest kernel of a supported enterprise distribution
 *       (pixi's default);</li>
 *   <li>{@code __osx} {@value #DEFAULT_OSX_ARM64} for {@code osx-arm64}, the first macOS on Apple silicon, and
 *       {@value #DEFAULT_OSX_64} for {@code osx-64}, conda-forge's deployment target;</li>
 *   <li>{@code __archspec} build = the platform's generic architecture ({@code x86_64}, {@code aarch64},
 *       {@code arm64});</li>
 *   <li>no {@code __cuda}.</li>
 * </ul>
 *
 * <p>Overrides work as conda's {@code CONDA_OVERRIDE_*}, for the current platform and any other:
 * {@code JCONDA_OVERRIDE_CUDA}, {@code JCONDA_OVERRIDE_GLIBC}, {@code JCONDA_OVERRIDE_LINUX},
 * {@code JCONDA_OVERRIDE_OSX} and {@code JCONDA_OVERRIDE_ARCHSPEC} (which sets the build, not the version).
 * Set to a value, the package has that value; set to the empty string (or blanks), the package is absent; unset,
 * the detected or default value stands. An override only makes a package on platforms that have it: {@code __glibc}
 * and {@code __linux} on Linux, {@code __osx} on macOS, {@code __cuda} on Linux and Windows.
 */
public final class VirtualPackages {
    /** pixi's default system requirement (manylinux_2_28); conda-lock's 2.17 is older than libtorch allows */
    public static final String DEFAULT_GLIBC = "2.28";
    public static final String DEFAULT_LINUX = "4.18";
    public static final String DEFAULT_OSX_64 = "10.15";
    public static final String DEFAULT_OSX_ARM64 = "11.0";

    public static final String OVERRIDE_CUDA = "JCONDA_OVERRIDE_CUDA";
    public static final String OVERRIDE_GLIBC = "JCONDA_OVERRIDE_GLIBC";
    public static final String OVERRIDE_LINUX = "JCONDA_OVERRIDE_LINUX";
    public static final String OVERRIDE_OSX = "JCONDA_OVERRIDE_OSX";
    public static final String OVERRIDE_ARCHSPEC = "JCONDA_OVERRIDE_ARCHSPEC";

    /** conda's rule for the kernel release: three or four numeric components, vendor suffixes dropped. */
    private static final Pattern KERNEL_VERSION = Pattern.compile("\\d+\\.\\d+(?:\\.\\d+)?(?:\\.\\d+)?");
    /** conda gives every virtual package but {@code __archspec} the build string 0. */
    private static final String BUILD = "0";

    private final MachineFacts machine;
    private final Map<String, String> environment;

    /**
     * @param machine     what was detected on this machine
     * @param environment the process environment ({@code System.getenv()}), read for the overrides
     */
    public VirtualPackages(MachineFacts machine, Map<String, String> environment) {
        this.machine = Objects.requireNonNull(machine, "machine");
        this.environment = Map.copyOf(environment);
    }

    public List<VirtualPackage> forCurrentPlatform() {
        return forPlatform(machine.platform());
    }

    /** The virtual packages for the target platform, sorted by name. */
    public List<VirtualPackage> forPlatform(Platform target) {
        boolean detected = target == machine.platform();
        List<VirtualPackage> packages = new ArrayList<>();
        if (target.isUnix()) {
            packages.add(virtual("__unix", "0", BUILD));
        }
        if (target.isWindows()) {
            packages.add(virtual("__win", "0", BUILD));
        }
        if (target.isLinux()) {
            String kernel = detected
                    ? numericKernelVersion(machine.osVersion()).orElse("0")
                    : DEFAULT_LINUX;
            overridden(OVERRIDE_LINUX, kernel).ifPresent(v -> packages.add(virtual("__linux", v, BUILD)));
            String glibc = detected ? machine.glibcVersion() : DEFAULT_GLIBC;
            overridden(OVERRIDE_GLIBC, glibc).ifPresent(v -> packages.add(virtual("__glibc", v, BUILD)));
        }
        if (target.isOsx()) {
            String osx = detected && machine.osVersion() != null ? machine.osVersion()
                    : target == Platform.OSX_ARM64 ? DEFAULT_OSX_ARM64 : DEFAULT_OSX_64;
            overridden(OVERRIDE_OSX, osx).ifPresent(v -> packages.add(virtual("__osx", v, BUILD)));
        }
        if (!target.isOsx()) {
            String cuda = detected ? machine.cudaVersion() : null;
            overridden(OVERRIDE_CUDA, cuda).ifPresent(v -> packages.add(virtual("__cuda", v, BUILD)));
        }
        String microarchitecture = detected && machine.microarchitecture() != null
                ? machine.microarchitecture()
                : target.genericArchitecture();
        overridden(OVERRIDE_ARCHSPEC, microarchitecture)
                .ifPresent(build -> packages.add(virtual("__archspec", "1", build)));
        packages.sort(Comparator.comparing(VirtualPackage::name));
        return List.copyOf(packages);
    }

    /** The numeric part of a kernel release, as conda versions {@code __linux}: {@code 6.1.0-18-amd64} -> 6.1.0. */
    public static Optional<String> numericKernelVersion(String release) {
        if (release == null) {
            return Optional.empty();
        }
        Matcher m = KERNEL_VERSION.matcher(release);
        return m.lookingAt() ? Optional.of(m.group()) : Optional.empty();
    }

    /** Unset: the given value (which may be absent); set but blank: absent; set: the override. */
    private Optional<String> overridden(String variable, String value) {
        String override = environment.get(variable);
        if (override == null) {
            return Optional.ofNullable(value);
        }
        return override.isBlank() ? Optional.empty() : Optional.of(override.strip());
    }

    private static VirtualPackage virtual(String name, String version, String build) {
        return new VirtualPackage(PackageName.of(name), Version.of(version), build);
    }
}
