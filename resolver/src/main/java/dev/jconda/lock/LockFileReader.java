package dev.jconda.lock;

import dev.jconda.spec.InputError;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Reads {@code jconda-lock.yml}; a broken or foreign file is a {@link InputError} naming the file. */
public final class LockFileReader {

    public LockFile read(Path file) {
        String display = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputError(display, 0, 0, "no such lockfile");
        } catch (IOException e) {
            throw new InputError(display, 0, 0, "cannot read: " + e.getMessage());
        }
        return parse(text, display);
    }

    /** A lockfile's text, read from somewhere other than a file of its own (a revision kept in the history). */
    public static LockFile parse(String text, String display) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw new InputError(display, 0, 0, "malformed lockfile: " + e.getMessage().replaceAll("\\s+", " "));
        }
        try {
            return new LockFileReader().fromYaml(root);
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new InputError(display, 0, 0, "not a jconda lockfile (" + e.getMessage() + ")");
        }
    }

    /** True when the file looks like a lockfile rather than an environment file. */
    public static boolean looksLikeLockFile(Path file) {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.limit(5).anyMatch(l -> l.startsWith("# jconda lockfile") || l.startsWith("inputs-hash:"));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private LockFile fromYaml(Object root) {
        Map<String, Object> top = (Map<String, Object>) root;
        int version = ((Number) require(top, "version")).intValue();
        if (version != LockFile.FORMAT_VERSION) {
            throw new IllegalArgumentException("lockfile format " + version + " is not supported; this jconda reads "
                    + LockFile.FORMAT_VERSION);
        }
        TreeMap<String, List<LockedPackage>> platforms = new TreeMap<>();
        Map<String, Object> ps = (Map<String, Object>) require(top, "platforms");
        for (Map.Entry<String, Object> e : ps.entrySet()) {
            Map<String, Object> section = (Map<String, Object>) e.getValue();
            List<LockedPackage> packages = new ArrayList<>();
            for (Object o : (List<Object>) section.getOrDefault("packages", List.of())) {
                packages.add(pkg((Map<String, Object>) o));
            }
            platforms.put(e.getKey(), packages);
        }
        TreeMap<String, Map<String, String>> systemRequirements = new TreeMap<>();
        ((Map<String, Object>) top.getOrDefault("system-requirements", Map.of()))
                .forEach((platform, requirements) -> systemRequirements.put(platform, strMap(requirements)));
        return new LockFile(version, str(top.get("name")), str(require(top, "inputs-hash")),
                strings(top.get("channels")), strings(top.get("specs")), platforms,
                new LockFile.RunSettings(strMap(top.get("variables")), strMap(top.get("serve"))), systemRequirements);
    }

    private static LockedPackage pkg(Map<String, Object> m) {
        return new LockedPackage(str(require(m, "name")), str(require(m, "version")),
                LockedPackage.Kind.valueOf(str(require(m, "kind")).toUpperCase(Locale.ROOT)),
                str(m.get("build")), str(m.get("channel")), str(m.get("coordinates")), str(m.get("file")),
                str(m.get("url")), str(m.get("sha256")), str(m.get("sha1")),
                m.get("size") == null ? 0 : ((Number) m.get("size")).longValue(),
                LockedPackage.Install.valueOf(str(require(m, "install")).toUpperCase(Locale.ROOT)),
                str(m.get("extract")), strings(m.get("depends")), Boolean.TRUE.equals(m.get("requested")),
                str(m.get("source-channel")), checksumSource(m.get("checksum-source")), str(m.get("sha512")),
                strings(m.get("virtual-depends")));
    }

    /** Absent in locks made before provenance was recorded; an unknown one is an error, not a guess. */
    private static ChecksumSource checksumSource(Object o) {
        if (o == null) {
            return null;
        }
        return ChecksumSource.of(o.toString()).orElseThrow(() -> new IllegalArgumentException("unknown "
                + "checksum-source '" + o + "'"));
    }

    private static Object require(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing '" + key + "'");
        }
        return v;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> strMap(Object o) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (o != null) {
            ((Map<String, Object>) o).forEach((k, v) -> out.put(k, str(v)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        if (o == null) {
            return List.of();
        }
        return ((List<Object>) o).stream().map(Object::toString).toList();
    }
}
