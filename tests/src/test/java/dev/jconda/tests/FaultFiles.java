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

    /**
     * The one cached copy of {@code fileName} in {@code pkgs/}. Its folder is named by the checksum the lock
     * records, which is the repository's published one (often {@code sha1-<hex>}), not the file's sha256.
     */
    static Path cached(Path pkgs, String fileName) throws IOException {
        try (var walk = Files.walk(pkgs, 2)) {
            List<Path> found = walk.filter(p -> p.getFileName().toString().equals(fileName)).toList();
            if (found.size() != 1) {
                throw new AssertionError("expected one cached " + fileName + " in " + pkgs + ", found " + found);
            }
            return found.getFirst();
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

    /** A tar.gz with eight {@code lib/libbig-N.so} files of incompressible bytes, {@code megabytes} in all. */
    static void nativeBundle(Path file, int megabytes) throws IOException {
        java.util.Random random = new java.util.Random(9);
        try (var out = Files.newOutputStream(file);
             var gz = new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(out);
             var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(gz)) {
            for (int i = 0; i < 8; i++) {
                byte[] bytes = new byte[megabytes * 1024 * 1024 / 8];
                random.nextBytes(bytes);
                var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("lib/libbig-" + i + ".so", true);
                e.setMode(0100755);
                e.setSize(bytes.length);
                tar.putArchiveEntry(e);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
    }

    static boolean writable(Path file) throws IOException {
        var perms = Files.getPosixFilePermissions(file);
        return perms.contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)
                || perms.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)
                || perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
    }

    /**
     * Damages a file as the fault-injection run did: {@code flip} one byte, {@code truncate} to half,
     * {@code write-through-environment} (append, as a careless program writing into its environment's jar), or
     * {@code flip-keep-time} (one byte, then the old modification time back: only a full hash can tell).
     */
    static void corrupt(Path file, String how) throws IOException {
        var time = Files.getLastModifiedTime(file);
        var perms = Files.getPosixFilePermissions(file);
        Files.setPosixFilePermissions(file, java.util.EnumSet.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
            switch (how) {
                case "flip", "flip-keep-time" -> {
                    var b = java.nio.ByteBuffer.allocate(1);
                    long at = ch.size() / 2;
                    ch.read(b, at);
                    b.put(0, (byte) (b.get(0) ^ 0x20)).rewind();
                    ch.write(b, at);
                }
                case "truncate" -> ch.truncate(ch.size() / 2);
                case "write-through-environment" -> ch.write(java.nio.ByteBuffer.wrap("junk".getBytes()), ch.size());
                default -> throw new IllegalArgumentException(how);
            }
        }
        Files.setPosixFilePermissions(file, perms);
        if (how.equals("flip-keep-time")) {
            Files.setLastModifiedTime(file, time);
        }
    }

    /** A tmpfs at {@code dir} (as root); false where this machine does not allow mounting. */
    static boolean mountTmpfs(Path dir, String options) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor() == 0;
    }

    static void unmount(Path dir) throws IOException, InterruptedException {
        new ProcessBuilder("umount", "-l", dir.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    /** A channel folder with one native package, {@code libbig 1.0}, whose bundle has {@code megabytes} of libraries. */
    static Path nativeChannel(Path dir, int megabytes) throws Exception {
        Files.createDirectories(dir);
        Path bundle = dir.resolve("libbig-1.0.tar.gz");
        nativeBundle(bundle, megabytes);
        Files.writeString(dir.resolve("index.yml"), nativeIndex("faultchannel", "libbig", bundle.toUri().toString(),
                EnvironmentLifecycleTest.sha256(bundle)));
        return dir;
    }

    /** A channel index of one native package, version 1.0, whose files under {@code lib/} in the archive install. */
    static String nativeIndex(String channel, String name, String url, String sha256) {
        return """
                channel: %s
                packages:
                  - name: %s
                    version: "1.0"
                    build: cpu_0
                    build_number: 0
                    artifacts:
                      noarch:
                        url: %s
                        sha256: %s
                        kind: native
                        extract: lib/
                """.formatted(channel, name, url, sha256);
    }
}
