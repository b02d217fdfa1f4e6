package dev.jconda.lock;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code jconda-lock.yml}: the solved environment for each platform, and a hash of the inputs it was solved from so
 * {@code jconda lock --check} can tell whether it is stale.
 *
 * @param name       the environment's name
 * @param inputsHash {@code sha256:...} of the environment file's specs, channels and platforms
 * @param channels   the channels used, in priority order
 * @param specs      the specs as the user wrote them
 * @param platforms  each platform subdir's packages, in solve (class path) order
 */
public record LockFile(int formatVersion, String name, String inputsHash, List<String> channels, List<String> specs,
                       SortedMap<String, List<LockedPackage>> platforms) {
    public static final int FORMAT_VERSION = 1;

    public LockFile {
        channels = List.copyOf(channels);
        specs = List.copyOf(specs);
        SortedMap<String, List<LockedPackage>> copy = new TreeMap<>();
        platforms.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        platforms = java.util.Collections.unmodifiableSortedMap(copy);
    }

    public Optional<List<LockedPackage>> packages(String platform) {
        return Optional.ofNullable(platforms.get(platform));
    }

    public LockFile withPlatforms(Map<String, List<LockedPackage>> replaced) {
        SortedMap<String, List<LockedPackage>> merged = new TreeMap<>(platforms);
        merged.putAll(replaced);
        return new LockFile(formatVersion, name, inputsHash, channels, specs, merged);
    }
}
