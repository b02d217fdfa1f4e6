package dev.jconda.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlatformTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "linux-64,      LINUX_64,      linux-x86_64,  linux, true",
            "linux-aarch64, LINUX_AARCH64, linux-aarch64, linux, true",
            "osx-64,        OSX_64,        osx-x86_64,    osx,   true",
            "osx-arm64,     OSX_ARM64,     osx-aarch64,   osx,   true",
            "win-64,        WIN_64,        win-x86_64,    win,   false"})
    void subdirClassifierAndOsDescribeEachPlatform(String subdir, Platform platform, String classifier, String os,
                                                  boolean unix) {
        assertEquals(platform, Platform.fromSubdir(subdir));
        assertEquals(subdir, platform.subdir());
        assertEquals(classifier, platform.classifier());
        assertEquals(os, platform.os());
        assertEquals(unix, platform.isUnix());
        assertEquals(subdir, platform.toString());
    }

    @Test
    void unknownSubdirErrorListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Platform.fromSubdir("linux-ppc64le"));
        assertEquals("unknown platform 'linux-ppc64le'; valid platforms are "
                + "linux-64, linux-aarch64, osx-64, osx-arm64, win-64", e.getMessage());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "Linux,      amd64,   LINUX_64",
            "Linux,      x86_64,  LINUX_64",
            "Linux,      aarch64, LINUX_AARCH64",
            "Mac OS X,   x86_64,  OSX_64",
            "Mac OS X,   aarch64, OSX_ARM64",
            "Darwin,     arm64,   OSX_ARM64",
            "Windows 11, amd64,   WIN_64",
            "Windows Server 2022, amd64, WIN_64"})
    void currentPlatformComesFromJvmOsNameAndArch(String osName, String osArch, Platform expected) {
        assertEquals(expected, Platform.current(osName, osArch));
    }

    @Test
    void currentPlatformRefusesMachinesWithoutPackages() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Platform.current("Linux", "ppc64le"));
        assertTrue(e.getMessage().contains("os.arch=ppc64le"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Platform.current("FreeBSD", "amd64"));
        assertThrows(IllegalStateException.class, () -> Platform.current("Windows 11", "aarch64"));
    }

    @Test
    void genericArchitectureIsWhatArchspecCallsAnUnknownCpu() {
        assertEquals("x86_64", Platform.LINUX_64.genericArchitecture());
        assertEquals("aarch64", Platform.LINUX_AARCH64.genericArchitecture());
        assertEquals("arm64", Platform.OSX_ARM64.genericArchitecture());
        assertTrue(Platform.WIN_64.isX86());
        assertFalse(Platform.OSX_ARM64.isX86());
    }
}
