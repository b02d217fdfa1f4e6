package dev.jconda.spec;

import dev.jconda.model.PackageName;
import dev.jconda.model.Version;
import dev.jconda.model.VirtualPackage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * pixi's {@code system-requirements:}: the machines a lock is for, declared rather than detected, so a CI runner
 * without a GPU can lock for GPU hosts. Each entry names a virtual package without its {@code __}:
 * <pre>
 * system-requirements:
 *   cuda: "12.4"          # every platform
 *   glibc: "2.28"
 *   linux-aarch64:        # one platform only
 *     cuda: "12.1"
 * </pre>
 * For a platform they replace what jconda would detect (or assume, for another platform); {@code archspec} sets the
 * microarchitecture, the build of {@code __archspec}.
 *
 * @param all         entries for every platform
 * @param perPlatform entries for one platform subdir, winning over {@code all}
 */
public record SystemRequirements(Map<String, String> all, Map<String, Map<String, String>> perPlatform) {
    public static final Set<String> KEYS = Set.of("cuda", "glibc", "linux", "osx", "archspec");
    public static final SystemRequirements NONE = new SystemRequirements(Map.of(), Map.of());

    public SystemRequirements {
        all = Collections.unmodifiableMap(new TreeMap<>(all));
        Map<String, Map<String, String>> copy = new TreeMap<>();
        perPlatform.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
        perPlatform = Collections.unmodifiableMap(copy);
    }

    /** The entries for one platform subdir, sorted by key; empty when the file declares none. */
    public Map<String, String> forPlatform(String subdir) {
        Map<String, String> out = new TreeMap<>(all);
        out.putAll(perPlatform.getOrDefault(subdir, Map.of()));
        return Collections.unmodifiableMap(out);
    }

    /** {@code detected} with the declared entries in place of the machine's own. */
    public static List<VirtualPackage> apply(List<VirtualPackage> detected, Map<String, String> declared) {
        if (declared.isEmpty()) {
            return detected;
        }
        List<VirtualPackage> out = new ArrayList<>();
        for (VirtualPackage v : detected) {
            if (!declared.containsKey(v.name().value().substring(2))) {
                out.add(v);
            }
        }
        declared.forEach((key, value) -> out.add(key.equals("archspec")
                ? new VirtualPackage(PackageName.of("__archspec"), Version.of("1"), value)
                : new VirtualPackage(PackageName.of("__" + key), Version.of(value), "0")));
        out.sort(Comparator.comparing(VirtualPackage::name));
        return List.copyOf(out);
    }
}
