package dev.jconda.cli.workflow;

import dev.jconda.cache.DownloadPolicy;
import dev.jconda.cache.PackageCache;
import dev.jconda.channels.PackageSources;
import dev.jconda.channels.RemoteChecksums;
import dev.jconda.channels.index.BuiltinChannels;
import dev.jconda.channels.index.IndexChannel;
import dev.jconda.model.ChannelArtifact;
import dev.jconda.solve.ProviderException;
import dev.jconda.channels.maven.DescriptorCache;
import dev.jconda.channels.maven.MavenChannel;
import dev.jconda.channels.maven.MavenRepository;
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

import java.net.URI;
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
    /**
     * @param previous    the lock this one replaces: its versions are kept wherever the specs still allow them
     *                    (pixi's and conda-lock's behaviour), so editing one spec moves only what it must
     * @param update      package names to re-solve freely ({@code jconda lock --update NAME}); all of them when
     *                    {@code updateAll}
     */
    public record Options(List<Platform> platforms, boolean offline, boolean strictMaven, LockFile previous,
                          java.util.Set<String> update, boolean updateAll) {
        public Options {
            platforms = List.copyOf(platforms);
            update = java.util.Set.copyOf(update);
        }

        public Options(List<Platform> platforms, boolean offline, boolean strictMaven) {
            this(platforms, offline, strictMaven, null, java.util.Set.of(), false);
        }
    }

    private final JcondaHome home;
    private final Map<String, String> env;
    private final Function<Platform, List<VirtualPackage>> virtualPackages;

    private final PackageCache cache;

    public Locker(JcondaHome home, Map<String, String> env, Function<Platform, List<VirtualPackage>> virtualPackages) {
        this(home, env, virtualPackages, new PackageCache(home.pkgs()));
    }

    /** @param cache the package cache jars enter as they are locked (the CLI's tells the user what it repairs) */
    public Locker(JcondaHome home, Map<String, String> env, Function<Platform, List<VirtualPackage>> virtualPackages,
                  PackageCache cache) {
        this.home = home;
        this.env = env;
        this.virtualPackages = virtualPackages;
        this.cache = cache;
    }

    public LockFile lock(EnvironmentFile file, Options options) {
        String display = file.source() == null ? "environment.yml" : file.source().getFileName().toString();
        ChannelResolver.Channels channels = new ChannelResolver(env).resolve(file.channels(), display);
        List<String> platformNames = options.platforms().stream().map(Platform::subdir).toList();
        TreeMap<String, List<LockedPackage>> solved = new TreeMap<>();
        BuiltinChannels builtin = new BuiltinChannels();
        RemoteChecksums checksums = new RemoteChecksums(home.checksumCache(), options.offline());
        Map<String, String> artifactRepositories = new java.util.HashMap<>();
        boolean refresh = options.updateAll() || !options.update().isEmpty();
        try (MavenSessionFactory maven = new MavenSessionFactory(home.mavenRepository(), channels.maven(),
                options.offline(), refresh, DownloadPolicy.fromEnvironment(env));
             MavenChannel mavenChannel = new MavenChannel(maven, options.strictMaven(),
                     new DescriptorCache.Directory(home.descriptorCache()))) {
            for (Platform platform : options.platforms()) {
                List<PackageSources.PackageIndex> indexes = new ArrayList<>();
                for (String index : channels.indexes()) {
                    IndexChannel channel = builtin.contains(index) ? builtin.channel(index, platform)
                            : new IndexChannel(index, platform, home.indexCache(), options.offline());
                    indexes.add(channel);
                    // a channel's Maven-hosted files come from its own repository, else Maven Central
                    artifactRepositories.put(channel.name(), channel.mavenRepository().map(URI::toString)
                            .orElse(MavenRepository.central(env).url().toString()));
                }
                PackageSources sources = new PackageSources(mavenChannel, indexes, () -> virtualPackages.apply(platform),
                        platform == Platform.current() ? LocalJdks.asPackages(env, platform)
                                : LocalJdks.targetPlaceholders(platform));
                List<Requirement> roots = new ArrayList<>();
                for (MatchSpec spec : file.allSpecs()) {
                    roots.add(Requirement.of(spec.name(), spec.constraint(), display));
                }
                Map<PackageName, Package> keep = keptFromPreviousLock(options, platform, sources);
                SolveResult result = new Solver(sources).solve(new SolveRequest(roots, keep, List.of()));
                switch (result) {
                    case SolveResult.Unsatisfiable u -> throw new SolveFailed(
                            "no solution for " + platform.subdir() + ": " + u.explanation());
                    case SolveResult.Solved s -> solved.put(platform.subdir(),
                            lockPackages(s, file, platform, mavenChannel, checksums, cache,
                            artifactRepositories));
                }
            }
        }
        String name = file.name() == null ? "" : file.name();
        return new LockFile(LockFile.FORMAT_VERSION, name,
                InputsHash.of(file, channels.names(), platformNames, options.strictMaven()), channels.names(),
                file.allSpecs().stream().map(MatchSpec::text).toList(), solved);
    }

    /** The previous lock's choices for this platform, as packages the solver prefers to keep. */
    private static Map<PackageName, Package> keptFromPreviousLock(Options options, Platform platform,
                                                                  PackageSources sources) {
        if (options.previous() == null || options.updateAll()) {
            return Map.of();
        }
        Map<PackageName, Package> keep = new java.util.HashMap<>();
        for (LockedPackage p : options.previous().packages(platform.subdir()).orElse(List.of())) {
            if (options.update().contains(p.name())) {
                continue;
            }
            PackageName name = PackageName.of(p.name());
            switch (p.kind()) {
                case MAVEN -> {
                    String[] c = p.coordinates().split(":");
                    keep.put(name, new MavenPackage(c[0], c[1], c.length == 5 ? c[3] : "", c[2],
                            dev.jconda.model.Version.of(p.version()), null));
                }
                case CHANNEL -> sources.candidates(name).stream()
                        .filter(c -> c instanceof ChannelPackage cp && cp.version().text().equals(p.version())
                                && cp.build().equals(p.build()))
                        .findFirst().ifPresent(c -> keep.put(name, c));
                case JDK -> { }
            }
        }
        return keep;
    }

    private List<LockedPackage> lockPackages(SolveResult.Solved solved, EnvironmentFile file, Platform platform,
                                             MavenChannel maven, RemoteChecksums checksums, PackageCache cache,
                                             Map<String, String> artifactRepositories) {
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
                futures.add(pool.submit(() -> lockOne(p, depends, isRequested, platform, maven, checksums, cache,
                        artifactRepositories)));
            }
            List<LockedPackage> out = new ArrayList<>();
            for (Future<LockedPackage> f : futures) {
                out.add(Futures.get(f));
            }
            return out;
        }
    }

    /**
     * A channel package's file is locked by the repository's checksum, not downloaded: native bundles are large
     * and may be for another platform. The install step downloads and verifies them.
     */
    private LockedPackage lockChannelPackage(ChannelPackage c, List<String> depends, boolean requested,
                                             Platform platform, RemoteChecksums checksums, String repository) {
        ChannelArtifact artifact = c.artifacts().get(platform.subdir());
        if (LocalJdks.TARGET_CHANNEL.equals(c.channel())) {
            return new LockedPackage(c.name().value(), c.version().text(), LockedPackage.Kind.JDK, c.build(),
                    c.channel(), "", "", "", "", "", 0, LockedPackage.Install.NONE, "", depends, requested);
        }
        if (artifact != null && LocalJdks.CHANNEL.equals(c.channel())) {
            return new LockedPackage(c.name().value(), c.version().text(), LockedPackage.Kind.JDK, c.build(),
                    c.channel(), "", "", artifact.url(), "", "", 0, LockedPackage.Install.NONE, "", depends,
                    requested);
        }
        if (artifact == null) {
            return new LockedPackage(c.name().value(), c.version().text(), LockedPackage.Kind.CHANNEL, c.build(),
                    c.channel(), "", "", "", "", "", 0, LockedPackage.Install.NONE, "", depends, requested);
        }
        LockedPackage.Install install = switch (artifact.kind() == null ? "native" : artifact.kind()) {
            case "jar" -> LockedPackage.Install.CLASSPATH;
            case "native" -> LockedPackage.Install.NATIVE;
            case "jdk" -> LockedPackage.Install.JDK;
            default -> throw new ProviderException("channel " + c.channel() + ": " + c.display() + " has an artifact "
                    + "of kind '" + artifact.kind() + "', which this jconda cannot install");
        };
        String coordinates = "";
        String url = artifact.url();
        String fileName;
        if (artifact.maven() != null && !artifact.maven().isEmpty()) {
            MavenPackage m = MavenCoordinates.parse(artifact.maven());
            coordinates = m.coordinates();
            url = (repository.endsWith("/") ? repository : repository + "/") + m.repositoryPath();
            fileName = m.fileName();
        } else {
            fileName = url.substring(url.lastIndexOf('/') + 1);
        }
        String sha256 = artifact.sha256() == null ? "" : artifact.sha256();
        String sha1 = "";
        long size = artifact.size();
        if (sha256.isEmpty()) {
            RemoteChecksums.Checksum sum = checksums.of(url);
            sha256 = sum.sha256();
            sha1 = sum.sha1();
            size = sum.size();
        }
        LockedPackage.Kind kind = install == LockedPackage.Install.JDK ? LockedPackage.Kind.JDK
                : LockedPackage.Kind.CHANNEL;
        return new LockedPackage(c.name().value(), c.version().text(), kind, c.build(),
                c.channel(), coordinates, fileName, url, sha256, sha1, size, install,
                artifact.extractPrefix() == null ? "" : artifact.extractPrefix(), depends, requested);
    }

    private LockedPackage lockOne(Package p, List<String> depends, boolean requested, Platform platform,
                                  MavenChannel maven, RemoteChecksums checksums, PackageCache cache,
                                  Map<String, String> artifactRepositories) {
        return switch (p) {
            case MavenPackage m -> {
                var fetched = m.extension().equals("pom") ? java.util.Optional.<MavenChannel.FetchedArtifact>empty()
                        : maven.fetch(m);
                if (fetched.isEmpty()) {
                    yield new LockedPackage(m.name().value(), m.version().text(), LockedPackage.Kind.MAVEN, "",
                            "", m.coordinates(), "", "", "", "", 0, LockedPackage.Install.NONE, "", depends, requested);
                }
                PackageCache.Entry entry = cache.add(fetched.get().file(), m.fileName());
                yield new LockedPackage(m.name().value(), m.version().text(), LockedPackage.Kind.MAVEN, "", "",
                        m.coordinates(), m.fileName(), fetched.get().url(), entry.sha256(), "", entry.size(),
                        LockedPackage.Install.CLASSPATH, "", depends, requested);
            }
            case ChannelPackage c -> lockChannelPackage(c, depends, requested, platform, checksums,
                    artifactRepositories.getOrDefault(c.channel(), MavenRepository.central(env).url().toString()));
            case VirtualPackage v -> throw new IllegalStateException("virtual packages are not locked");
        };
    }
}
