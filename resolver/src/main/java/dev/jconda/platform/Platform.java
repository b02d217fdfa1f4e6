package dev.jconda.platform;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The conda subdirs jconda can create environments for. Every platform names itself twice: by its conda subdir
 * ({@code linux-64}) for channels and lockfiles, and by the classifier that DJL and JavaCPP put on native jars
 * ({@code linux-x86_64}) for Maven artifacts.
 */
public enum Platform {
    LINUX_64("linux-64", "linux", "x86_64", "linux-x86_64"),
    LINUX_AARCH64("linux-aarch64", "linux", "aarch64", "linux-aarch64"),
    OSX_64("osx-64", "osx", "x86_64", "osx-x86_64"),
    OSX_ARM64("osx-arm64", "osx", "arm64", "osx-aarch64"),
    WIN_64("win-64", "win", "x86_64", "win-x86_64");

    private final String subdir;
    private final String os;
    private final String genericArchitecture;
    private final String classifier;

    Platform(String subdir, String os, String genericArchitecture, String classifier) {
        this.subdir = subdir;
        this.os = os;
        this.genericArchitecture = genericArchitecture;
        this.classifier = classifier;
    }

    /** The conda subdir, as channels and lockfiles spell it: {@code linux-64}. */
    public String subdir() {
        return subdir;
    }

    /** The operating system part of the subdir: {@code linux}, {@code osx} or {@code win}. */
    public String os() {
        return os;
    }

    /** The classifier DJL and JavaCPP publish native jars under: {@code linux-x86_64}, {@code osx-aarch64}. */
    public String classifier() {
        return classifier;
    }

    /**
     * The architecture name archspec gives a CPU it knows nothing more about ({@code x86_64}, {@code aarch64}, and
     * {@code arm64} on macOS, where the kernel calls it so); the {@code __archspec} build for a platform this machine
     * is not.
     */
    public String genericArchitecture() {
        return genericArchitecture;
    }

    public boolean isUnix() {
        return this != WIN_64;
    }

    public boolean isLinux() {
        return os.equals("linux");
    }

    public boolean isOsx() {
        return os.equals("osx");
    }

    public boolean isWindows() {
        return this == WIN_64;
    }

    public boolean isX86() {
        return genericArchitecture.equals("x86_64");
    }

    /** The platform named by a conda subdir; the error lists the subdirs jconda knows. */
    public static Platform fromSubdir(String subdir) {
        for (Platform platform : values()) {
            if (platform.subdir.equals(subdir)) {
                return platform;
            }
        }
        throw new IllegalArgumentException("unknown platform '" + subdir + "'; valid platforms are "
                + Arrays.stream(values()).map(Platform::subdir).collect(Collectors.joining(", ")));
    }

    /** The platform this JVM runs on. */
    public static Platform current() {
        return current(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /**
     * The platform for the JVM properties {@code os.name} and {@code os.arch}. JVMs spell x86-64 as {@code amd64}
     * (Linux, Windows) or {@code x86_64} (macOS), and 64-bit ARM as {@code aarch64} or {@code arm64}.
     *
     * @throws IllegalStateException for an operating system or CPU jconda has no packages for
     */
    public static Platform current(String osName, String osArch) {
        String name = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x86-64") || arch.equals("x64");
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        if (name.startsWith("linux")) {
            if (x86) {
                return LINUX_64;
            }
            if (arm) {
                return LINUX_AARCH64;
            }
        } else if (name.startsWith("mac") || name.startsWith("darwin")) {
            if (x86) {
                return OSX_64;
            }
            if (arm) {
                return OSX_ARM64;
            }
        } else if (name.startsWith("windows") && x86) {
            return WIN_64;
        }
        throw new IllegalStateException("jconda does not support this machine (os.name=" + osName + ", os.arch="
                + osArch + "); supported platforms are "
                + Arrays.stream(values()).map(Platform::subdir).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return subdir;
    }
}
