package dev.jconda.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a real Maven repository on disk for tests: POMs, small jars, {@code maven-metadata.xml}, and a {@code .sha1}
 * beside every file, exactly what Maven Resolver reads from a {@code file://} URL with checksum policy "fail".
 */
final class MavenRepositoryFixture {
    private final Path root;
    private final Map<String, TreeSet<String>> versions = new LinkedHashMap<>();

    MavenRepositoryFixture(Path root) {
        this.root = root;
    }

    String url() {
        return root.toUri().toString();
    }

    /** A POM with free-form body (dependencies, parent, dependencyManagement...) and, unless packaging is pom, a jar. */
    MavenRepositoryFixture artifact(String gav, String body) throws IOException {
        return artifact(gav, "jar", body);
    }

    MavenRepositoryFixture artifact(String gav, String packaging, String body) throws IOException {
        String[] p = gav.split(":");
        String g = p[0], a = p[1], v = p[2];
        Path dir = root.resolve(g.replace('.', '/')).resolve(a).resolve(v);
        Files.createDirectories(dir);
        String pom = """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  <packaging>%s</packaging>
                %s
                </project>
                """.formatted(g, a, v, packaging, body);
        write(dir.resolve(a + "-" + v + ".pom"), pom.getBytes(StandardCharsets.UTF_8));
        if (!packaging.equals("pom")) {
            write(dir.resolve(a + "-" + v + ".jar"), jar(g + ":" + a + ":" + v));
        }
        versions.computeIfAbsent(g + ":" + a, k -> new TreeSet<>(MavenRepositoryFixture::compareVersions)).add(v);
        writeMetadata(g, a);
        return this;
    }

    /** {@code dir/environment.yml} naming one channel and Maven specs: the smallest environment a test needs. */
    static Path environment(Path dir, String name, String channel, String... mavenSpecs) throws IOException {
        Path file = Files.createDirectories(dir).resolve("environment.yml");
        Files.writeString(file, """
                name: %s
                channels: [%s]
                dependencies:
                  - maven: [%s]
                """.formatted(name, channel, String.join(", ", mavenSpecs)));
        return file;
    }

    static String deps(String... gavs) {
        StringBuilder s = new StringBuilder("  <dependencies>\n");
        for (String gav : gavs) {
            String[] p = gav.split(":");
            s.append("    <dependency><groupId>").append(p[0]).append("</groupId><artifactId>").append(p[1])
                    .append("</artifactId>");
            if (p.length > 2 && !p[2].isEmpty()) {
                s.append("<version>").append(p[2]).append("</version>");
            }
            if (p.length > 3) {
                s.append(p[3]); // extra XML: <scope>, <optional>, <exclusions>
            }
            s.append("</dependency>\n");
        }
        return s.append("  </dependencies>").toString();
    }

    private void writeMetadata(String g, String a) throws IOException {
        List<String> vs = new ArrayList<>(versions.get(g + ":" + a));
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata>\n")
                .append("  <groupId>").append(g).append("</groupId>\n  <artifactId>").append(a)
                .append("</artifactId>\n  <versioning>\n    <latest>").append(vs.getLast()).append("</latest>\n")
                .append("    <release>").append(vs.getLast()).append("</release>\n    <versions>\n");
        vs.forEach(v -> xml.append("      <version>").append(v).append("</version>\n"));
        xml.append("    </versions>\n    <lastUpdated>20260101000000</lastUpdated>\n  </versioning>\n</metadata>\n");
        write(root.resolve(g.replace('.', '/')).resolve(a).resolve("maven-metadata.xml"),
                xml.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] jar(String id) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry manifest = new ZipEntry("META-INF/MANIFEST.MF");
            manifest.setTime(0);
            zip.putNextEntry(manifest);
            zip.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
            ZipEntry marker = new ZipEntry("fixture/" + id.replace(':', '_') + ".txt");
            marker.setTime(0);
            zip.putNextEntry(marker);
            zip.write(id.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static void write(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        try {
            String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
            Files.writeString(file.resolveSibling(file.getFileName() + ".sha1"), sha1);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Numeric-aware order, enough for the fixture's plain dotted versions. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\."), y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int xi = i < x.length ? Integer.parseInt(x[i].replaceAll("\\D.*", "")) : 0;
            int yi = i < y.length ? Integer.parseInt(y[i].replaceAll("\\D.*", "")) : 0;
            if (xi != yi) {
                return Integer.compare(xi, yi);
            }
        }
        return a.compareTo(b);
    }
}
