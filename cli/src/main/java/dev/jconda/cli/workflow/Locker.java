package dev.jconda.cli.workflow;

import dev.jconda.cache.PackageCache;
import dev.jconda.channels.PackageSources;
import dev.jconda.channels.maven.DescriptorCache;
import dev.jconda.channels.maven.MavenChannel;
import dev.jconda.channels.maven.MavenSessionFactory;
import dev.jconda.lock.LockFile;
import dev.jconda.lock.LockedPackage;
import dev.jconda.model.ChannelPackage;
import dev.jconda.model.MavenPackage;
import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Requirement;
import dev.jconda.model.VirtualPackage;
import dev.jconda.platform.Platform;
import dev.jconda.prefix.JcondaHome;
import dev.jconda.solve.SolveRequest;
import dev.jconda.solve.SolveResult;
import dev.jconda.solve.Solver;
import dev.jconda.spec.EnvironmentFile;
import dev.jconda.spec.MatchSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * environment file → channels → solver → lock. Every locked file is fetched and put in the package cache on the way,
 * so the checksums in the lock are the checksums of the cached files.
 */
public final class Locker {

    /**
     * @param offline     use only what jconda's caches hold
     * @param strictMaven a POM's plain version is exact instead of a minimum
     */
    public record Options(List<Platform> platforms, boolean offline, boolean strictMaven) {
        public Options {
            platforms = List.copyOf(platforms);
        }
    }

    private final JcondaHome home;
    private final Map<String, String> env;
    private final Function<Platform, List<VirtualPackage>> virtualPackages;

    public Locker(JcondaHome home, Map<String, String> env, Function<Platform, List<VirtualPackage>> virtualPackages) {
        this.home = home;
        this.env = env;
        this.virtualPackages = virtualPackages;
    }

    public LockFile lock(EnvironmentFile file, Options options) {
        String display = file.source() == null ? "environment.yml" : file.source().getFileName().toString();
        ChannelResolver.Channels channels = new ChannelResolver(env).resolve(file.channels(), display);
        List<String> platformNames = options.platforms().stream().map(Platform::subdir).toList();
        PackageCache cache = new PackageCache(home.pkgs());
        TreeMap<String, List<LockedPackage>> solved = new TreeMap<>();
        try (MavenSessionFactory maven = new MavenSessionFactory(home.mavenRepository(), channels.maven(),
                options.offline());
             MavenChannel mavenChannel = new MavenChannel(maven, options.strictMaven(),
                     new DescriptorCache.Directory(home.descriptorCache()))) {
            for (Platform platform : options.platforms()) {
                PackageSources sources = new PackageSources(mavenChannel, List.of(), virtualPackages.apply(platform));
                List<Requirement> roots = new ArrayList<>();
                for (MatchSpec spec : file.allSpecs()) {
                    roots.add(Requirement.of(spec.name(), spec.version(), display));
                }
                SolveResult result = new Solver(sources).solve(SolveRequest.of(roots));
                switch (result) {
                    case SolveResult.Unsatisfiable u -> throw new SolveFailed(
                            "no solution for " + platform.subdir() + ": " + u.explanation());
                    case SolveResult.Solved s -> solved.put(platform.subdir(),
                            lockPackages(s, file, mavenChannel, cache));
                }
            }
        }
        String name = file.name() == null ? "" : file.name();
        return new LockFile(LockFile.FORMAT_VERSION, name,
                InputsHash.of(file, channels.names(), platformNames, options.strictMaven()), channels.names(),
                file.allSpecs().stream().map(MatchSpec::text).toList(), solved);
    }

    private List<LockedPackage> lockPackages(SolveResult.Solved solved, EnvironmentFile file, MavenChannel maven,
                                             PackageCache cache) {
        Set<PackageName> requested = new HashSet<>();
        file.allSpecs().forEach(s -> requested.add(s.name()));
        List<Package> packages = solved.packages().stream().filter(p -> !(p instanceof VirtualPackage)).toList();
        // Downloads overlap; the lock keeps the solve order.
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<LockedPackage>> futures = new ArrayList<>();
            for (Package p : packages) {
                List<String> depends = solved.dependencies().getOrDefault(p.name(), List.of()).stream()
                        .filter(d -> !d.isVirtual()).map(PackageName::value).sorted().toList();
                boolean isRequested = requested.contains(p.name());
                futures.add(pool.submit(() -> lockOne(p, depends, isRequested, maven, cache)));
            }
            List<LockedPackage> out = new ArrayList<>();
            for (Future<LockedPackage> f : futures) {
                out.add(Futures.get(f));
            }
            return out;
        }
    }

    private LockedPackage lockOne(Package p, List<String> depends, boolean requested, MavenChannel maven,
                                  PackageCache cache) {
        return switch (p) {
            case MavenPackage m -> {
                var fetched = m.extension().equals("pom") ? java.util.Optional.<MavenChannel.FetchedArtifact>empty()
                        : maven.fetch(m);
                if (fetched.isEmpty()) {
                    yield new LockedPackage(m.name().value(), m.version().text(), LockedPackage.Kind.MAVEN, "",
                            "", m.coordinates(), "", "", "", 0, LockedPackage.Install.NONE, "", depends, requested);
                }
                PackageCache.Entry entry = cache.add(fetched.get().file(), m.fileName());
                yield new LockedPackage(m.name().value(), m.version().text(), LockedPackage.Kind.MAVEN, "", "",
                        m.coordinates(), m.fileName(), fetched.get().url(), entry.sha256(), entry.size(),
                        LockedPackage.Install.CLASSPATH, "", depends, requested);
            }
            case ChannelPackage c -> throw new UnsupportedOperationException("channel packages: " + c.display());
            case VirtualPackage v -> throw new IllegalStateException("virtual packages are not locked");
        };
    }
}
