package dev.jconda.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the JDKs installed on this machine, the way conda finds nothing and pixi installs everything: jconda treats a
 * JDK already here as a candidate for the {@code java} package. It looks where JDKs live: {@code JAVA_HOME},
 * {@code /usr/lib/jvm}, SDKMAN's candidates, IntelliJ's {@code ~/.jdks}, macOS's JavaVirtualMachines, and reads each
 * one's {@code release} file for the version and vendor.
 */
public final class JdkLocator {

    /** One JDK: its home, version ({@code 21.0.7}) and vendor ({@code Eclipse Adoptium}). */
    public record Jdk(Path home, String version, String vendor) {
        /** A short vendor id for build strings: {@code temurin}, {@code openjdk}, {@code zulu}... */
        public String vendorId() {
            String v = vendor.toLowerCase(java.util.Locale.ROOT);
            if (v.contains("adoptium") || v.contains("temurin")) return "temurin";
            if (v.contains("azul")) return "zulu";
            if (v.contains("amazon")) return "corretto";
            if (v.contains("graal")) return "graalvm";
            if (v.contains("microsoft")) return "microsoft";
            if (v.contains("oracle")) return "oracle";
            return "openjdk";
        }
    }

    private final Map<String, String> env;
    private final Path userHome;

    public JdkLocator(Map<String, String> env, Path userHome) {
        this.env = env;
        this.userHome = userHome;
    }

    /** Every JDK found, newest version first; a JDK reached by two paths is listed once. */
    public List<Jdk> find() {
        Set<Path> homes = new LinkedHashSet<>();
        Optional.ofNullable(env.get("JAVA_HOME")).filter(s -> !s.isBlank()).map(Path::of).ifPresent(homes::add);
        List<Path> roots = List.of(Path.of("/usr/lib/jvm"), userHome.resolve(".sdkman/candidates/java"),
                userHome.resolve(".jdks"), Path.of("/Library/Java/JavaVirtualMachines"),
                userHome.resolve("Library/Java/JavaVirtualMachines"), Path.of("/opt/java"));
        for (Path root : roots) {
            try (Stream<Path> s = Files.list(root)) {
                s.sorted().forEach(p -> {
                    homes.add(p);
                    homes.add(p.resolve("Contents/Home"));
                });
            } catch (IOException e) {
                // not there on this machine
            }
        }
        Set<Path> seen = new LinkedHashSet<>();
        List<Jdk> out = new ArrayList<>();
        for (Path home : homes) {
            try {
                Path real = home.toRealPath();
                if (seen.add(real)) {
                    read(real).ifPresent(out::add);
                }
            } catch (IOException e) {
                // a dangling link or an unreadable folder is not a JDK
            }
        }
        out.sort(Comparator.comparing((Jdk j) -> dev.jconda.model.Version.of(j.version())).reversed()
                .thenComparing(j -> j.home().toString()));
        return out;
    }

    static Optional<Jdk> read(Path home) {
        Path release = home.resolve("release");
        boolean hasCompiler = Files.isRegularFile(home.resolve("bin/javac"))
                || Files.isRegularFile(home.resolve("bin/javac.exe"));
        if (!Files.isRegularFile(release) || !hasCompiler) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(release)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        String version = unquote(p.getProperty("JAVA_VERSION"));
        if (version == null || version.isBlank()) {
            return Optional.empty();
        }
        String vendor = unquote(p.getProperty("IMPLEMENTOR"));
        return Optional.of(new Jdk(home, version, vendor == null ? "unknown" : vendor));
    }

    private static String unquote(String s) {
        if (s == null) return null;
        s = s.strip();
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
