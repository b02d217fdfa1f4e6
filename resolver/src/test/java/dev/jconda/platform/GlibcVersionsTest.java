package dev.jconda.platform;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GlibcVersionsTest {

    @Test
    void getconfNamesTheVersion() {
        assertEquals(Optional.of("2.36"), GlibcVersions.fromGetconf("glibc 2.36\n"));
        assertEquals(Optional.of("2.17"), GlibcVersions.fromGetconf("glibc 2.17"));
        assertEquals(Optional.empty(), GlibcVersions.fromGetconf(""));
        assertEquals(Optional.empty(), GlibcVersions.fromGetconf("getconf: Unrecognized variable"));
    }

    @Test
    void lddFirstLineEndsWithTheVersion() {
        assertEquals(Optional.of("2.36"), GlibcVersions.fromLddVersion("""
                ldd (Debian GLIBC 2.36-9+deb12u4) 2.36
                Copyright (C) 2022 Free Software Foundation, Inc.
                """));
        assertEquals(Optional.of("2.35"), GlibcVersions.fromLddVersion("ldd (Ubuntu GLIBC 2.35-0ubuntu3.6) 2.35\n"));
        assertEquals(Optional.of("2.17"), GlibcVersions.fromLddVersion("ldd (GNU libc) 2.17\n"));
        assertEquals(Optional.of("2.28"), GlibcVersions.fromLddVersion("ldd (GNU libc) 2.28\nCopyright\n"));
    }

    @Test
    void muslLddIsNotGlibc() {
        assertEquals(Optional.empty(), GlibcVersions.fromLddVersion("musl libc (x86_64)\nVersion 1.2.4\n"));
    }

    @Test
    void oldGlibcLinksLibcSoToAVersionedFile() {
        assertEquals(Optional.of("2.31"), GlibcVersions.fromLibcFileName("libc-2.31.so"));
        assertEquals(Optional.of("2.17"), GlibcVersions.fromLibcFileName("/lib64/libc-2.17.so"));
        assertEquals(Optional.empty(), GlibcVersions.fromLibcFileName("libc.so.6"));
    }
}
