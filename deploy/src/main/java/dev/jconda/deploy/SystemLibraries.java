package dev.jconda.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shared libraries from outside the environment that its runtime and native libraries load, as this machine's
 * dynamic linker resolves them ({@code ldd}): on Debian 12 the C library and loader (libc6: ld-linux-x86-64.so.2,
 * libc, libm, libdl, libpthread, librt), libstdc++6 and libgcc-s1. They make the default base of an image, which
 * therefore matches this machine's glibc. The X11 AWT, JAWT, sound and splash-screen libraries of
 * {@code java.desktop} are left out: a headless server never loads them, and they would drag in X11.
 */
public final class SystemLibraries {
    private static final Set<String> GUI_ONLY = Set.of("libawt_xawt.so", "libjawt.so", "libjsound.so",
            "libsplashscreen.so");
    private static final Pattern RESOLVED = Pattern.compile("^\\s*(\\S+)\\s+=>\\s+(/\\S+)\\s+\\(");
    private static final Pattern LOADER = Pattern.compile("^\\s*(/\\S+)\\s+\\(");
    private static final Pattern MISSING = Pattern.compile("^\\s*(\\S+)\\s+=>\\s+not found");

    private SystemLibraries() {
    }

    /** Absolute paths of the libraries that the deployment's ELF files need and do not carry. */
    public static List<Path> neededBy(DeploymentFiles files) {
        List<Path> elf = new ArrayList<>();
        for (DeploymentFiles.Layer layer : List.of(DeploymentFiles.Layer.RUNTIME, DeploymentFiles.Layer.NATIVES)) {
            for (DeploymentFiles.Entry e : files.layers().getOrDefault(layer, List.of())) {
                String name = e.source().getFileName().toString();
                boolean library = name.endsWith(".so") || name.contains(".so.");
                boolean javaLauncher = e.target().equals("jdk/bin/java");
                if ((library || javaLauncher) && !GUI_ONLY.contains(name)) {
                    elf.add(e.source());
                }
            }
        }
        Set<String> carried = new TreeSet<>();
        files.all().forEach(e -> carried.add(e.source().getFileName().toString()));
        Set<Path> needed = new TreeSet<>();
        for (Path file : elf) {
            needed.addAll(fromLdd(file.getFileName().toString(), ldd(file), carried));
        }
        return List.copyOf(needed);
    }

    /**
     * The libraries one {@code ldd} listing names outside {@code carried}. The NVIDIA driver's own libraries
     * ({@code libcuda.so.1}, {@code libnvidia-ml.so.1}, ...) are left to the node: the NVIDIA container runtime
     * mounts the host's, which must match its kernel driver.
     */
    static Set<Path> fromLdd(String file, String listing, Set<String> carried) {
        Set<Path> needed = new TreeSet<>();
        for (String line : listing.lines().toList()) {
            Matcher missing = MISSING.matcher(line);
            if (missing.find()) {
                if (!carried.contains(missing.group(1)) && !fromTheGpuDriver(missing.group(1))) {
                    throw DeployError.failed(file + " needs " + missing.group(1) + ", which is not on this machine; "
                            + "install it or build from a base that has it (--from)", null);
                }
                continue;
            }
            Matcher resolved = RESOLVED.matcher(line);
            Matcher loader = LOADER.matcher(line);
            if (resolved.find()) {
                if (!carried.contains(resolved.group(1)) && !fromTheGpuDriver(resolved.group(1))) {
                    needed.add(Path.of(resolved.group(2)));
                }
            } else if (loader.find()) {
                needed.add(Path.of(loader.group(1)));
            }
        }
        return needed;
    }

    private static boolean fromTheGpuDriver(String soname) {
        return soname.startsWith("libcuda.so") || soname.startsWith("libnvidia-");
    }

    private static String ldd(Path file) {
        try {
            Process p = new ProcessBuilder("ldd", file.toString()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            String text = new String(out, StandardCharsets.UTF_8);
            // "not a dynamic executable" (a static file) needs nothing
            return p.exitValue() == 0 ? text : "";
        } catch (IOException e) {
            throw DeployError.failed("the default base image needs `ldd` (glibc) to find the system libraries; "
                    + "or build on a base image with --from: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeployError.failed("interrupted", e);
        }
    }

    /** {@code /etc/passwd} and {@code /etc/group} of the default base: root and the unprivileged user. */
    static String passwd(int uid) {
        return "root:x:0:0:root:/root:/sbin/nologin\njconda:x:" + uid + ":" + uid + ":jconda:/tmp:/sbin/nologin\n";
    }

    static String group(int gid) {
        return "root:x:0:\njconda:x:" + gid + ":\n";
    }

}
