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
 * @param run        what {@code jconda run} needs besides the packages, so an environment made from the lock alone
 *                   runs as one made from the file: the {@code variables:} and {@code serve:} sections
 * @param systemRequirements per platform subdir, the machines the lock is for ({@code cuda: "12.4"}, from the
 *                   file's {@code system-requirements:}); an input of the solve, so a change re-solves
 */
public record LockFile(int formatVersion, String name, String inputsHash, List<String> channels, List<String> specs,
                       SortedMap<String, List<LockedPackage>> platforms, RunSettings run,
                       SortedMap<String, Map<String, String>> systemRequirements) {
    public static final int FORMAT_VERSION = 1;

    public LockFile {
        channels = List.copyOf(channels);
        specs = List.copyOf(specs);
        SortedMap<String, List<LockedPackage>> copy = new TreeMap<>();
        platforms.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        platforms = java.util.Collections.unmodifiableSortedMap(copy);
        run = run == null ? RunSettings.NONE : run;
        SortedMap<String, Map<String, String>> requirements = new TreeMap<>();
        if (systemRequirements != null) {
            systemRequirements.forEach((k, v) -> requirements.put(k,
                    java.util.Collections.unmodifiableMap(new TreeMap<>(v))));
        }
        systemRequirements = java.util.Collections.unmodifiableSortedMap(requirements);
    }

    public LockFile(int formatVersion, String name, String inputsHash, List<String> channels, List<String> specs,
                    SortedMap<String, List<LockedPackage>> platforms) {
        this(formatVersion, name, inputsHash, channels, specs, platforms, RunSettings.NONE, null);
    }

    /** The environment file's {@code variables:} and {@code serve:} (flag name to value), in file order. */
    public record RunSettings(Map<String, String> variables, Map<String, String> serve) {
        public static final RunSettings NONE = new RunSettings(Map.of(), Map.of());

        public RunSettings {
            variables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
            serve = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(serve));
        }
    }

    /** This lock with only one platform's packages: what an environment installed from it keeps. */
    public LockFile onlyPlatform(String platform, List<LockedPackage> packages) {
        SortedMap<String, Map<String, String>> requirements = new TreeMap<>();
        if (systemRequirements.containsKey(platform)) {
            requirements.put(platform, systemRequirements.get(platform));
        }
        return new LockFile(formatVersion, name, inputsHash, channels, specs, new TreeMap<>(Map.of(platform,
                packages)), run, requirements);
    }

    public Optional<List<LockedPackage>> packages(String platform) {
        return Optional.ofNullable(platforms.get(platform));
    }

    public LockFile withPlatforms(Map<String, List<LockedPackage>> replaced) {
        SortedMap<String, List<LockedPackage>> merged = new TreeMap<>(platforms);
        merged.putAll(replaced);
        return new LockFile(formatVersion, name, inputsHash, channels, specs, merged, run, systemRequirements);
    }
}
