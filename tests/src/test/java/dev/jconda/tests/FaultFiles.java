package dev.jconda.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What fault-injection tests need from the file system and the process table. */
final class FaultFiles {
    private FaultFiles() {
    }

    /** The entries of a folder whose names start with {@code prefix}. */
    static List<Path> named(Path folder, String prefix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }

    /** SIGKILL to the process and everything it started (a JVM under strace is strace's child). */
    static void killTree(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor();
        for (ProcessHandle h : p.descendants().toList()) {
            h.onExit().join();
        }
    }
}
