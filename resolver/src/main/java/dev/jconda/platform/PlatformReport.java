package dev.jconda.platform;

import dev.jconda.model.VirtualPackage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code jconda info} shows: this machine as the solver sees it, and where jconda keeps things. The machine part
 * comes from {@link #of}; the CLI adds the cache directory and the environments it knows with {@link #withCacheDir}
 * and {@link #withEnvironments}.
 *
 * @param cacheDir     the package cache; null until the CLI sets it
 * @param environments named environments and their prefixes, in the order the CLI lists them
 * @param cacheUsage   what the caches hold on disk; null until the CLI measures it
 */
public record PlatformReport(
        Platform platform,
        String cpuModel,
        int cpuCount,
        String microarchitecture,
        long memoryBytes,
        List<VirtualPackage> virtualPackages,
        List<Gpu> gpus,
        String nvidiaDriverVersion,
        String cudaVersion,
        Path cacheDir,
        List<Environment> environments,
        dev.jconda.cache.CacheUsage cacheUsage) {

    /** A named environment and the prefix it lives in. */
    public record Environment(String name, Path prefix) {
        public Environment {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(prefix, "prefix");
        }
    }

    public PlatformReport {
        Objects.requireNonNull(platform, "platform");
        virtualPackages = List.copyOf(virtualPackages);
        gpus = List.copyOf(gpus);
        environments = List.copyOf(environments);
    }

    /** The report for a machine and the virtual packages of its platform, without cache or environments. */
    public static PlatformReport of(MachineFacts machine, List<VirtualPackage> virtualPackages) {
        return new PlatformReport(machine.platform(), machine.cpuModel(), machine.cpuCount(),
                machine.microarchitecture(), machine.memoryBytes(), virtualPackages, machine.gpus(),
                machine.nvidiaDriverVersion(), machine.cudaVersion(), null, List.of(), null);
    }

    public PlatformReport withCacheDir(Path cacheDir) {
        return new PlatformReport(platform, cpuModel, cpuCount, microarchitecture, memoryBytes, virtualPackages, gpus,
                nvidiaDriverVersion, cudaVersion, cacheDir, environments, cacheUsage);
    }

    public PlatformReport withCacheUsage(dev.jconda.cache.CacheUsage usage) {
        return new PlatformReport(platform, cpuModel, cpuCount, microarchitecture, memoryBytes, virtualPackages, gpus,
                nvidiaDriverVersion, cudaVersion, cacheDir, environments, usage);
    }

    public PlatformReport withEnvironments(List<Environment> environments) {
        return new PlatformReport(platform, cpuModel, cpuCount, microarchitecture, memoryBytes, virtualPackages, gpus,
                nvidiaDriverVersion, cudaVersion, cacheDir, environments, cacheUsage);
    }

    /** Lines of {@code key : value}, keys right-aligned as {@code conda info} does; lists continue under the value. */
    public String toText() {
        List<Map.Entry<String, List<String>>> rows = new ArrayList<>();
        rows.add(Map.entry("platform", List.of(platform.subdir())));
        rows.add(Map.entry("cpu", List.of(orUnknown(cpuModel))));
        rows.add(Map.entry("cpu count", List.of(cpuCount > 0 ? Integer.toString(cpuCount) : "unknown")));
        rows.add(Map.entry("microarchitecture", List.of(orUnknown(microarchitecture))));
        rows.add(Map.entry("memory", List.of(memoryBytes > 0 ? humanBytes(memoryBytes) : "unknown")));
        List<String> virtuals = virtualPackages.stream()
                .map(p -> p.name() + "=" + p.version() + "=" + p.build())
                .toList();
        rows.add(Map.entry("virtual packages", virtuals.isEmpty() ? List.of("none") : virtuals));
        List<String> gpuLines = gpus.stream()
                .map(g -> g.vendor() + " " + g.name() + (g.memoryBytes() > 0 ? " (" + humanBytes(g.memoryBytes())
                        + ")" : ""))
                .toList();
        rows.add(Map.entry("gpus", gpuLines.isEmpty() ? List.of("none") : gpuLines));
        rows.add(Map.entry("nvidia driver", List.of(nvidiaDriverVersion == null ? "none" : nvidiaDriverVersion)));
        rows.add(Map.entry("cuda version", List.of(cudaVersion == null ? "none" : cudaVersion)));
        rows.add(Map.entry("cache dir", List.of(cacheDir == null ? "unknown" : cacheDir.toString())));
        if (cacheUsage != null) {
            rows.add(Map.entry("cache size", List.of(humanBytes(cacheUsage.packageBytes()) + " in "
                    + cacheUsage.packageFiles() + " files, and " + humanBytes(cacheUsage.metadataBytes())
                    + " of POMs, indexes and checksums")));
        }
        int nameWidth = environments.stream().mapToInt(e -> e.name().length()).max().orElse(0);
        List<String> envLines = environments.stream()
                .map(e -> String.format(Locale.ROOT, "%-" + nameWidth + "s  %s", e.name(), e.prefix()))
                .toList();
        rows.add(Map.entry("environments", envLines.isEmpty() ? List.of("none") : envLines));

        int keyWidth = rows.stream().mapToInt(r -> r.getKey().length()).max().orElse(0);
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, List<String>> row : rows) {
            List<String> values = row.getValue();
            for (int i = 0; i < values.size(); i++) {
                String key = i == 0 ? row.getKey() : "";
                String colon = i == 0 ? ":" : " ";
                text.append(" ".repeat(keyWidth - key.length())).append(key).append(' ').append(colon).append(' ')
                        .append(values.get(i)).append('\n');
            }
        }
        return text.toString();
    }

    /**
     * The report as a JSON object whose keys come in a fixed order; unknown values are {@code null}, numbers are
     * bytes or counts.
     */
    public String toJson() {
        JsonWriter json = new JsonWriter().beginObject();
        json.name("platform").value(platform.subdir());
        json.name("cpu").beginObject()
                .name("model").value(cpuModel)
                .name("count").value(cpuCount)
                .name("microarchitecture").value(microarchitecture)
                .endObject();
        json.name("memory_bytes").value(memoryBytes);
        json.name("virtual_packages").beginArray();
        for (VirtualPackage p : virtualPackages) {
            json.beginObject()
                    .name("name").value(p.name().value())
                    .name("version").value(p.version().text())
                    .name("build").value(p.build())
                    .endObject();
        }
        json.endArray();
        json.name("gpus").beginArray();
        for (Gpu gpu : gpus) {
            json.beginObject()
                    .name("vendor").value(gpu.vendor())
                    .name("name").value(gpu.name())
                    .name("memory_bytes").value(gpu.memoryBytes())
                    .endObject();
        }
        json.endArray();
        json.name("nvidia_driver_version").value(nvidiaDriverVersion);
        json.name("cuda_version").value(cudaVersion);
        json.name("cache_dir").value(cacheDir == null ? null : cacheDir.toString());
        if (cacheUsage != null) {
            json.name("cache_size").beginObject()
                    .name("package_bytes").value(cacheUsage.packageBytes())
                    .name("package_files").value(cacheUsage.packageFiles())
                    .name("metadata_bytes").value(cacheUsage.metadataBytes())
                    .endObject();
        }
        json.name("environments").beginArray();
        for (Environment environment : environments) {
            json.beginObject()
                    .name("name").value(environment.name())
                    .name("prefix").value(environment.prefix().toString())
                    .endObject();
        }
        json.endArray();
        return json.endObject().toString() + "\n";
    }

    private static String orUnknown(String value) {
        return value == null ? "unknown" : value;
    }

    static String humanBytes(long bytes) {
        return dev.jconda.cache.ByteSize.human(bytes);
    }
}
