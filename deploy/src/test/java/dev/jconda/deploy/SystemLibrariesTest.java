package dev.jconda.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SystemLibrariesTest {
    private static final String LIBTORCH_CU124 = """
            \tlinux-vdso.so.1 (0x00007ffd)
            \tlibc10_cuda.so => not found
            \tlibcuda.so.1 => not found
            \tlibstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f6c98a00000)
            \tlibc10.so => /srv/env/lib/native/libc10.so (0x00007f6c98900000)
            \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f6c9881e000)
            \t/lib64/ld-linux-x86-64.so.2 (0x00007f6cadefc000)
            """;

    @Test
    void systemLibrariesAreWhatTheEnvironmentDoesNotCarryAndTheDriverDoesNotBring() {
        Set<Path> needed = SystemLibraries.fromLdd("libtorch_cuda.so", LIBTORCH_CU124,
                Set.of("libc10_cuda.so", "libc10.so"));
        assertEquals(Set.of(Path.of("/lib/x86_64-linux-gnu/libstdc++.so.6"), Path.of("/lib/x86_64-linux-gnu/libc.so.6"),
                Path.of("/lib64/ld-linux-x86-64.so.2")), needed);
    }

    @Test
    void aLibraryMissingHereIsAFailureNamingIt() {
        DeployError e = assertThrows(DeployError.class, () -> SystemLibraries.fromLdd("libx.so",
                "\tlibgfortran.so.5 => not found\n", Set.of()));
        assertTrue(e.getMessage().contains("libx.so needs libgfortran.so.5"), e.getMessage());
    }
}
