package dev.jconda.locking;

import dev.jconda.cache.DownloadPolicy;
import dev.jconda.cache.HttpTransport;
import dev.jconda.channels.ChannelLabel;
import dev.jconda.channels.ChannelPolicy;
import dev.jconda.channels.PackageSources;
import dev.jconda.channels.PriorityReport;
import dev.jconda.channels.RemoteChecksums;
import dev.jconda.channels.index.BuiltinChannels;
import dev.jconda.channels.index.IndexChannel;
import dev.jconda.model.ChannelArtifact;
import dev.jconda.solve.ProviderException;
import dev.jconda.channels.maven.DescriptorCache;
import dev.jconda.channels.maven.MavenChannel;
import dev.jconda.channels.maven.MavenRepository;
import dev.jconda.channels.maven.MavenSessionFactory;
import dev.jconda.channels.maven.MavenSettings;
import dev.jconda.lock.ChecksumSource;
import dev.jconda.lock.LockFile;
import dev.jconda.lock.LockedPackage;
import dev.jconda.model.ChannelPackage;
import dev.jconda.model.MavenPackage;
import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Requirement;
import dev.jconda.model.VersionConstraint;
import dev.jconda.model.VirtualPackage;
import dev.jconda.platform.Platform;
import dev.jconda.prefix.JcondaHome;
import dev.jconda.solve.SolveRequest;
import dev.jconda.solve.SolveResult;
import dev.jconda.solve.Solver;
import dev.jconda.spec.ChannelPriority;
import dev.jconda.spec.EnvironmentFile;
import dev.jconda.spec.MatchSpec;
import dev.jconda.spec.SystemRequirements;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * environment file → channels → solver → lock. No file is downloaded: every file is locked by the checksum its
 * repository publishes (or its channel index gives), and {@code env create} downloads and checks it.
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
    /**
     * @param channelPriority {@code --channel-priority}, or null for the file's {@code channel-priority:}
     */
    public record Options(List<Platform> platforms, boolean offline, boolean strictMaven, LockFile previous,
                          java.util.Set<String> update, boolean updateAll, ChannelPriority channelPriority) {
        public Options {
            platforms = List.copyOf(platforms);
            update = java.util.Set.copyOf(update);
        }

        public Options(List<Platform> platforms, boolean offline, boolean strictMaven, LockFile previous,
                       java.util.Set<String> update, boolean updateAll) {
            this(platforms, offline, strictMaven, previous, update, updateAll, null);
        }

        public Options(List<Platform> platforms, boolean offline, boolean strictMaven) {
            this(platforms, offline, strictMaven, null, java.util.Set.of(), false);
        }

        /** The mode this lock solves under: the command line's, else the file's. */
        public ChannelPriority priorityFor(EnvironmentFile file) {
            return channelPriority != null ? channelPriority : file.channelPriority();
        }
    }

    private final JcondaHome home;
    private final Map<String, String> env;
    private final Function<Platform, List<VirtualPackage>> virtualPackages;
    private final Consumer<String> notes;
    private final Progress progress;
    private final HttpTransport http;

    public Locker(JcondaHome home, Map<String, String> env, Function<Platform, List<VirtualPackage>> virtualPackages) {
        this(home, env, virtualPackages, note -> { });
    }

    /** @param notes told what channel priority hid (one sentence each), for the user to see */
    public Locker(JcondaHome home, Map<String, String> env, Function<Platform, List<VirtualPackage>> virtualPackages,
                  Consumer<String> notes) {
        this(home, env, virtualPackages, notes, Progress.NONE);
    }

    /** @param progress told when each platform's solve starts and ends */
    public Locker(JcondaHome home, Map<String, String> env, Function<Platform, List<VirtualPackage>> virtualPackages,
                  Consumer<String> notes, Progress progress) {
        this(home, env, virtualPackages, notes, progress, new HttpTransport(DownloadPolicy.fromEnvironment(env),
                MavenSettings.read(env).authenticator(), HttpTransport.DEFAULT_CONCURRENCY));
    }

    /**
     * @param http the process's HTTP client, for checksum files and channel indexes (Maven Resolver reads POMs
     *             through its own transport)
     */
    public Locker(JcondaHome home, Map<String, String> env, Function<Platform, List<VirtualPackage>> virtualPackages,
                  Consumer<String> notes, Progress progress, HttpTransport http) {
        this.home = home;
        this.env = env;
        this.virtualPackages = virtualPackages;
        this.notes = notes;
        this.progress = progress;
        this.http = http;
    }

    public LockFile lock(EnvironmentFile file, Options options) {
        String display = file.source() == null ? "the command line" : file.source().getFileName().toString();
        ChannelResolver.Channels channels = new ChannelResolver(env).resolve(file.channels(), display,
                file.channelPositions());
        if (!options.offline() && !java.nio.file.Files.isDirectory(home.mavenRepository())
                && channels.maven().stream().anyMatch(r -> "https".equals(r.url().getScheme()))) {
            // an empty cache: every descriptor comes over TLS, and Resolver starts up meanwhile
            http.prepareTlsAhead();
        }
        List<String> platformNames = options.platforms().stream().map(Platform::subdir).toList();
        TreeMap<String, List<LockedPackage>> solved = new TreeMap<>();
        TreeMap<String, Map<String, String>> systemRequirements = new TreeMap<>();
        MavenSettings settings = MavenSettings.read(env);
        RemoteChecksums checksums = new RemoteChecksums(home.checksumCache(), options.offline(), http);
        Map<String, String> artifactRepositories = new java.util.HashMap<>();
        boolean refresh = options.updateAll() || !options.update().isEmpty();
        // what channel priority hid, told once: a Maven package's note is the same on every platform
        java.util.Set<String> told = new java.util.LinkedHashSet<>();
        try (MavenSessionFactory maven = new MavenSessionFactory(home.mavenRepository(), channels.maven(),
                options.offline(), refresh, settings, http);
             MavenChannel mavenChannel = new MavenChannel(maven, options.strictMaven(),
                     new DescriptorCache.Directory(home.descriptorCache()))) {
            ChannelPriority priority = options.priorityFor(file);
            Map<PackageName, String> pins = pins(file, channels, display);
            for (Platform platform : options.platforms()) {
                progress.started("solve", -1);
                Map<String, String> declared = file.systemRequirements().forPlatform(platform.subdir());
                if (!declared.isEmpty()) {
                    systemRequirements.put(platform.subdir(), declared);
                }
                PackageSources sources = sources(platform, channels, mavenChannel, priority, pins, options.offline(),
                        artifactRepositories, declared);
                List<Requirement> roots = new ArrayList<>();
                for (MatchSpec spec : file.allSpecs()) {
                    roots.add(root(spec, display));
                }
                Map<PackageName, Package> keep = keptFromPreviousLock(options, platform, sources, declared,
                        overridesMachine());
                SolveRequest request = new SolveRequest(roots, keep, List.of());
                SolveResult result = new Solver(sources).solve(request);
                switch (result) {
                    case SolveResult.Unsatisfiable u -> throw new SolveFailed(
                            "no solution for " + platform.subdir() + ": " + strictOnly(sources, request)
                                    + u.explanation() + (u.explanation().contains("no channel has a package named")
                                    ? channels.readAsMaven() : ""));
                    case SolveResult.Solved s -> {
                        PriorityReport report = new PriorityReport(sources);
                        told.addAll(eachInParallel(s.packages(), report::newerInLowerChannels));
                        progress.finished(s.packages().stream().filter(p -> !(p instanceof VirtualPackage)).count()
                                + " packages for " + platform.subdir());
                        solved.put(platform.subdir(), lockPackages(s, file, platform, mavenChannel, checksums,
                                artifactRepositories, sources.policy()));
                        long locked = solved.get(platform.subdir()).stream().filter(LockedPackage::hasFile).count();
                        progress.finished(locked + " files by their checksums for " + platform.subdir()
                                + ", none downloaded");
                    }
                }
            }
        }
        told.forEach(notes);
        String name = file.name() == null ? "" : file.name();
        return new LockFile(LockFile.FORMAT_VERSION, name,
                InputsHash.of(file, channels.names(), platformNames, options.strictMaven(), options.priorityFor(file)),
                channels.names(),
                file.allSpecs().stream().map(MatchSpec::text).toList(), solved,
                new LockFile.RunSettings(file.variables(), file.serve()), systemRequirements);
    }

    /**
     * A requested package. An exact Maven version is also the version to try first, as a POM's plain version is: the
     * solver then reads that POM directly instead of listing every version the repository has.
     */
    private static Requirement root(MatchSpec spec, String display) {
        if (spec.name().isMaven() && spec.constraint() instanceof VersionConstraint.Exact exact) {
            return new Requirement(spec.name(), spec.constraint(), exact.version(), Set.of(), display);
        }
        return Requirement.of(spec.name(), spec.constraint(), display);
    }

    /**
     * The channels as the solver sees them for one platform; records where each index channel's Maven-hosted
     * files come from in {@code artifactRepositories}.
     */
    private PackageSources sources(Platform platform, ChannelResolver.Channels channels, MavenChannel mavenChannel,
                                   ChannelPriority priority, Map<PackageName, String> pins, boolean offline,
                                   Map<String, String> artifactRepositories, Map<String, String> declared) {
        BuiltinChannels builtin = new BuiltinChannels();
        List<PackageSources.PackageIndex> indexes = new ArrayList<>();
        Map<String, ChannelLabel> indexLabels = new java.util.HashMap<>();
        for (String index : channels.indexes()) {
            IndexChannel channel = builtin.contains(index) ? builtin.channel(index, platform)
                    : new IndexChannel(index, platform, home.indexCache(), offline, http);
            indexes.add(channel);
            indexLabels.put(channel.name(), channels.label(index));
            // a channel's Maven-hosted files come from its own repository, else Maven Central
            artifactRepositories.put(channel.name(), channel.mavenRepository().map(URI::toString)
                    .orElse(MavenRepository.central(env).url().toString()));
        }
        return new PackageSources(mavenChannel, indexes,
                () -> SystemRequirements.apply(virtualPackages.apply(platform), declared),
                platform == Platform.current() ? LocalJdks.asPackages(env, platform)
                        : LocalJdks.targetPlaceholders(platform),
                new ChannelPolicy(priority, channels.repositoryLabels(), indexLabels, pins));
    }

    /**
     * What {@code lock --check} adds to the inputs hash: under strict priority, every locked package whose name a
     * higher channel now has (it was published there since the lock), one sentence each. Only packages that came
     * from a channel below another of their kind cost a version list per higher channel.
     */
    public List<String> channelChanges(EnvironmentFile file, LockFile lock, Options options) {
        if (options.priorityFor(file) != ChannelPriority.STRICT) {
            return List.of();
        }
        String display = file.source() == null ? "the command line" : file.source().getFileName().toString();
        ChannelResolver.Channels channels = new ChannelResolver(env).resolve(file.channels(), display,
                file.channelPositions());
        List<String> changes = new ArrayList<>();
        try (MavenSessionFactory maven = new MavenSessionFactory(home.mavenRepository(), channels.maven(),
                options.offline(), true, MavenSettings.read(env), http);
             MavenChannel mavenChannel = new MavenChannel(maven, options.strictMaven(), DescriptorCache.none())) {
            Map<PackageName, String> pins = pins(file, channels, display);
            for (Map.Entry<String, List<LockedPackage>> section : lock.platforms().entrySet()) {
                List<LockedPackage> movable = section.getValue().stream()
                        .filter(p -> !p.sourceChannel().isEmpty() && !pins.containsKey(PackageName.of(p.name()))
                                && channels.label(p.sourceChannel()).priority()
                                > highestOfKind(channels, PackageName.of(p.name())))
                        .toList();
                if (movable.isEmpty()) {
                    continue; // nothing could move: no channel is read
                }
                PackageSources sources = sources(Platform.fromSubdir(section.getKey()), channels, mavenChannel,
                        ChannelPriority.STRICT, pins, options.offline(), new java.util.HashMap<>(),
                        file.systemRequirements().forPlatform(section.getKey()));
                changes.addAll(eachInParallel(movable, p -> sources.candidates(PackageName.of(p.name())).stream()
                        .findFirst().flatMap(sources.policy()::labelOf)
                        .filter(now -> !now.name().equals(p.sourceChannel()))
                        .map(now -> section.getKey() + ": " + p.name() + " would now come from " + now
                                + "; the lock has it from " + channels.label(p.sourceChannel()))));
            }
        }
        return changes;
    }

    /** The highest priority (smallest number) among the channels that can hold {@code name}'s kind of package. */
    private static int highestOfKind(ChannelResolver.Channels channels, PackageName name) {
        return (name.isMaven() ? channels.mavenNames() : channels.indexes()).stream()
                .mapToInt(n -> channels.label(n).priority()).min().orElse(Integer.MAX_VALUE);
    }

    /**
     * When strict priority made the solve fail, the sentence that says so: the solve is tried again under flexible
     * priority, and each package it then takes from a channel strict priority hides is named with the channel that
     * hides it. Empty when strict priority is not the reason.
     */
    private static String strictOnly(PackageSources sources, SolveRequest request) {
        if (sources.policy().priority() != ChannelPriority.STRICT) {
            return "";
        }
        PackageSources flexible = sources.withPriority(ChannelPriority.FLEXIBLE);
        if (!(new Solver(flexible).solve(request) instanceof SolveResult.Solved s)) {
            return "";
        }
        List<String> hidden = eachInParallel(s.packages(), new PriorityReport(flexible)::hiddenByStrictPriority);
        return hidden.isEmpty() ? "" : "strict channel priority hides what it needs: " + String.join("; ", hidden)
                + " (`channel-priority: flexible` or a `channel::name` spec would allow it); without it, ";
    }

    /** Asks every package at once: each question may be a version list per repository. */
    private static <T> List<String> eachInParallel(List<T> items, Function<T, Optional<String>> question) {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Optional<String>>> futures = new ArrayList<>();
            for (T p : items) {
                futures.add(pool.submit(() -> question.apply(p)));
            }
            List<String> out = new ArrayList<>();
            for (Future<Optional<String>> f : futures) {
                Futures.get(f).ifPresent(out::add);
            }
            return out;
        }
    }

    /**
     * The {@code channel::name} specs: each package to the channel it must come from, which must be one of the
     * file's channels (a pin on a channel the file does not read is a typo, not a wish).
     */
    private static Map<PackageName, String> pins(EnvironmentFile file, ChannelResolver.Channels channels,
                                                 String display) {
        Map<PackageName, String> pins = new java.util.HashMap<>();
        for (MatchSpec spec : file.allSpecs()) {
            if (spec.channel() == null) {
                continue;
            }
            String pin = spec.channel();
            boolean known = channels.names().stream().anyMatch(n -> n.equals(pin) || n.equals(pin + "/"))
                    || pin.equals("central") && channels.names().contains("maven-central")
                    || new BuiltinChannels().contains(pin) && channels.indexes().contains(pin)
                    || !spec.isMaven() && !channels.indexes().isEmpty();
            if (!known) {
                throw new dev.jconda.spec.InputError(display, 0, 0, "'" + spec.text() + "' names channel '"
                        + pin + "', which is not in channels: (" + String.join(", ", channels.names()) + ")");
            }
            pins.put(spec.name(), pin);
        }
        return pins;
    }

    /**
     * Whether a {@code JCONDA_OVERRIDE_*} gives a virtual package a value for this lock ({@code JCONDA_OVERRIDE_CUDA=12.4}
     * on a GPU-less runner), so the native builds are chosen for it rather than kept from the last lock.
     */
    private boolean overridesMachine() {
        return env.entrySet().stream()
                .anyMatch(e -> e.getKey().startsWith("JCONDA_OVERRIDE_") && !e.getValue().isBlank());
    }

    /** The previous lock's choices for this platform, as packages the solver prefers to keep. */
    private static Map<PackageName, Package> keptFromPreviousLock(Options options, Platform platform,
                                                                  PackageSources sources,
                                                                  Map<String, String> declared,
                                                                  boolean overridden) {
        if (options.previous() == null || options.updateAll()) {
            return Map.of();
        }
        Map<PackageName, Package> keep = new java.util.HashMap<>();
        // machines declared differently, or described by JCONDA_OVERRIDE_* for this one lock: the native builds
        // were chosen for other machines, so choose again
        boolean sameMachines = !overridden && options.previous().systemRequirements()
                .getOrDefault(platform.subdir(), Map.of()).equals(declared);
        for (LockedPackage p : options.previous().packages(platform.subdir()).orElse(List.of())) {
            if (options.update().contains(p.name()) || (p.kind() == LockedPackage.Kind.CHANNEL && !sameMachines)) {
                continue;
            }
            PackageName name = PackageName.of(p.name());
            switch (p.kind()) {
                case MAVEN -> {
                    if (sources.maven().repositoryCount() > 1) {
                        // asked through channel priority: a version kept from an old lock is no way around it
                        sources.candidate(name, dev.jconda.model.Version.of(p.version()))
                                .ifPresent(c -> keep.put(name, c));
                        continue;
                    }
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
                                             MavenChannel maven, RemoteChecksums checksums,
                                             Map<String, String> artifactRepositories, ChannelPolicy policy) {
        Set<PackageName> requested = new HashSet<>();
        file.allSpecs().forEach(s -> requested.add(s.name()));
        List<Package> packages = solved.packages().stream().filter(p -> !(p instanceof VirtualPackage)).toList();
        // Lookups overlap (the HTTP client bounds how many at once); the lock keeps the solve order.
        progress.started("checksums", packages.size(), -1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<LockedPackage>> futures = new ArrayList<>();
            for (Package p : packages) {
                List<String> depends = solved.dependencies().getOrDefault(p.name(), List.of()).stream()
                        .filter(d -> !d.isVirtual()).map(PackageName::value).sorted().toList();
                boolean isRequested = requested.contains(p.name());
                futures.add(pool.submit(() -> {
                    LockedPackage locked = lockOne(p, depends, isRequested, platform, maven, checksums, policy,
                            artifactRepositories);
                    progress.fileDone(locked.size());
                    return locked.withProvenance(sourceChannel(p, locked.url(), policy), locked.checksumSource());
                }));
            }
            List<LockedPackage> out = new ArrayList<>();
            for (Future<LockedPackage> f : futures) {
                out.add(Futures.get(f));
            }
            return out;
        }
    }

    /**
     * The channel a package was taken from, as the environment file writes it. A Maven candidate read from whichever
     * repository had it (an artifact missing from every version list) is known by the URL it was fetched from.
     */
    private static String sourceChannel(Package p, String url, ChannelPolicy policy) {
        return policy.labelOf(p).or(() -> policy.repositories().entrySet().stream()
                        .filter(e -> p instanceof MavenPackage && url.startsWith(e.getKey()))
                        .map(Map.Entry::getValue).findFirst())
                .map(ChannelLabel::name).orElse("");
    }

    /**
     * A channel package's file is locked by the repository's checksum, not downloaded: native bundles are large
     * and may be for another platform. The install step downloads and verifies them.
     */
    private LockedPackage lockChannelPackage(ChannelPackage c, List<String> depends, boolean requested,
                                             Platform platform, RemoteChecksums checksums, String repository) {
        ChannelArtifact artifact = c.artifacts().get(platform.subdir());
        String name = c.name().value();
        String version = c.version().text();
        if (LocalJdks.TARGET_CHANNEL.equals(c.channel())) {
            return LockedPackage.installedJdk(name, version, c.build(), c.channel(), "", depends, requested);
        }
        if (artifact != null && LocalJdks.CHANNEL.equals(c.channel())) {
            return LockedPackage.installedJdk(name, version, c.build(), c.channel(), artifact.url(), depends,
                    requested);
        }
        if (artifact == null) {
            return LockedPackage.channelWithoutFile(name, version, c.build(), c.channel(), depends, requested);
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
        LockedPackage.LockedFile locked;
        if (artifact.sha256() != null && !artifact.sha256().isEmpty()) {
            locked = new LockedPackage.LockedFile(fileName, url, artifact.size(), artifact.sha256(), "", "",
                    ChecksumSource.CHANNEL_INDEX);
        } else {
            locked = published(fileName, url, checksums.of(url));
        }
        return LockedPackage.channelFile(name, version, c.build(), c.channel(), coordinates, locked, install,
                        artifact.extractPrefix() == null ? "" : artifact.extractPrefix(), depends, requested)
                .withVirtualDepends(c.depends().stream().map(String::strip).filter(d -> d.startsWith("__")).toList());
    }

    /** A file locked by what its repository publishes (or, for a {@code file://} one, its own bytes). */
    private static LockedPackage.LockedFile published(String fileName, String url, RemoteChecksums.Checksum sum) {
        return new LockedPackage.LockedFile(fileName, url, sum.size(), sum.sha256(), sum.sha1(), sum.sha512(),
                sum.source());
    }

    /**
     * A jar is locked by the checksum its repository publishes beside it (the strongest of sha512, sha256, sha1),
     * never downloaded: {@code env create} downloads it and checks it against the lock. A module packaged as a POM
     * has no jar and is locked without a file.
     */
    private static LockedPackage lockMavenPackage(MavenPackage m, List<String> depends, boolean requested,
                                                  MavenChannel maven, RemoteChecksums checksums,
                                                  ChannelPolicy policy) {
        // a candidate that names no repository (one no version list has) is looked for in each, in priority order
        List<String> repositories = m.repositoryUrl() != null ? List.of(m.repositoryUrl())
                : java.util.stream.IntStream.range(0, maven.repositoryCount()).mapToObj(maven::repositoryUrl).toList();
        if (!m.extension().equals("pom")) {
            for (String repository : repositories) {
                String url = (repository.endsWith("/") ? repository : repository + "/") + m.repositoryPath();
                String channel = policy.repository(repository).map(ChannelLabel::name).orElse(repository);
                Optional<RemoteChecksums.Checksum> sum = checksums.ofExisting(url, channel + " "
                        + m.repositoryPath());
                if (sum.isPresent()) {
                    return LockedPackage.mavenJar(m.name().value(), m.version().text(), m.coordinates(),
                            published(m.fileName(), url, sum.get()), depends, requested);
                }
            }
            if (!m.classifier().isEmpty()) {
                throw new ProviderException("cannot lock " + m.coordinates() + ": no repository has "
                        + m.repositoryPath() + " (" + String.join(", ", repositories) + ")");
            }
        }
        return LockedPackage.mavenWithoutFile(m.name().value(), m.version().text(), m.coordinates(), depends,
                requested);
    }

    private LockedPackage lockOne(Package p, List<String> depends, boolean requested, Platform platform,
                                  MavenChannel maven, RemoteChecksums checksums, ChannelPolicy policy,
                                  Map<String, String> artifactRepositories) {
        return switch (p) {
            case MavenPackage m -> lockMavenPackage(m, depends, requested, maven, checksums, policy);
            case ChannelPackage c -> lockChannelPackage(c, depends, requested, platform, checksums,
                    artifactRepositories.getOrDefault(c.channel(), MavenRepository.central(env).url().toString()));
            case VirtualPackage v -> throw new IllegalStateException("virtual packages are not locked");
        };
    }
}
