package dev.jconda.channels.maven;

import dev.jconda.model.Dependencies;
import dev.jconda.model.MavenPackage;
import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Requirement;
import dev.jconda.model.Version;
import dev.jconda.model.VersionConstraint;
import dev.jconda.solve.ProviderException;
import dev.jconda.spec.VersionConstraintParser;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.ArtifactRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactDescriptorException;
import org.eclipse.aether.resolution.ArtifactDescriptorRequest;
import org.eclipse.aether.resolution.ArtifactDescriptorResult;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.VersionRangeRequest;
import org.eclipse.aether.resolution.VersionRangeResolutionException;
import org.eclipse.aether.resolution.VersionRangeResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Maven repositories as a source of candidates: version lists from {@code maven-metadata.xml}, dependencies from
 * effective POMs (parents, BOM imports, dependencyManagement, exclusions, optional, scopes: all Maven's own model
 * builder), and artifact files.
 *
 * <p>Descriptors are read ahead on virtual threads: when the solver learns a package's dependencies, their POMs are
 * already being fetched, because a solve is otherwise a long chain of one-at-a-time network round trips.
 */
public final class MavenChannel implements AutoCloseable {
    private static final Pattern PRE_RELEASE = Pattern.compile(
            "(?i).*([.-](alpha|beta|rc|cr|m|milestone|preview|ea|snapshot)[.-]?\\d*)([.-].*)?$");
    private static final Set<String> RUNTIME_SCOPES = Set.of("", "compile", "runtime");
    /** How long {@link #close()} waits for interrupted read-ahead to end; interrupted HTTP waits end at once. */
    private static final long READ_AHEAD_STOP_SECONDS = 10;

    private final MavenSessionFactory maven;
    private final boolean strictMaven;
    private final DescriptorCache descriptorCache;
    private final ExecutorService readAhead = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, CompletableFuture<Descriptor>> descriptors = new ConcurrentHashMap<>();
    private final Map<PackageName, List<Package>> versionLists = new ConcurrentHashMap<>();
    private final Map<String, List<Package>> perRepository = new ConcurrentHashMap<>();
    /** The highest plain version read ahead for each name so far. */
    private final Map<PackageName, Version> readAheadHighest = new ConcurrentHashMap<>();

    /**
     * @param strictMaven treat a POM's plain version as exact instead of as a minimum ({@code --strict-maven})
     */
    public MavenChannel(MavenSessionFactory maven, boolean strictMaven, DescriptorCache descriptorCache) {
        this.maven = maven;
        this.strictMaven = strictMaven;
        this.descriptorCache = descriptorCache;
    }

    /**
     * With {@code --offline}, a repository nothing was cached from for a name could not be asked. Where several
     * repositories are read one by one (channel priority), that is one without the name, unless none has it.
     */
    public static final class NotCachedOffline extends ProviderException {
        NotCachedOffline(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** An effective POM reduced to what solving needs. */
    public record Descriptor(List<DeclaredDependency> dependencies) {
        public Descriptor {
            dependencies = List.copyOf(dependencies);
        }
    }

    /** One runtime dependency as declared: coordinates, the version text (plain or a range), exclusions. */
    public record DeclaredDependency(String groupId, String artifactId, String classifier, String extension,
                                     String version, List<String> exclusions) {
        public DeclaredDependency {
            exclusions = List.copyOf(exclusions);
        }
    }

    /**
     * Every version the repositories list together, releases newest first, then pre-releases newest first; a
     * version several repositories list is attributed to the first of them.
     */
    public List<Package> versions(PackageName name) {
        return versionLists.computeIfAbsent(name, n -> listVersions(n, maven.repositories(), null));
    }

    /**
     * The versions repository number {@code repository} (in priority order) lists, in the same order as
     * {@link #versions}; empty when it does not have the name. Channel priority reads repositories one by one
     * because a merged list cannot tell which repository has a name.
     */
    public List<Package> versionsIn(PackageName name, int repository) {
        if (maven.repositories().size() == 1) {
            return versions(name);
        }
        RemoteRepository repo = maven.repositories().get(repository);
        return perRepository.computeIfAbsent(repository + " " + name, k -> listVersions(name, List.of(repo), repo));
    }

    public int repositoryCount() {
        return maven.repositories().size();
    }

    /** The URL of repository number {@code repository}, as candidates carry it. */
    public String repositoryUrl(int repository) {
        return maven.repositories().get(repository).getUrl();
    }

    private List<Package> listVersions(PackageName name, List<RemoteRepository> repositories, RemoteRepository only) {
        Coordinates c = Coordinates.of(name);
        Artifact artifact = new DefaultArtifact(c.groupId, c.artifactId, c.classifier, "pom", "[0,)");
        VersionRangeResult result;
        try {
            result = maven.system().resolveVersionRange(maven.session(),
                    new VersionRangeRequest(artifact, repositories, null));
        } catch (VersionRangeResolutionException e) {
            throw new ProviderException("cannot list versions of " + name + ": " + firstLine(e), e);
        }
        if (result.getVersions().isEmpty()) {
            // no version anywhere, but was that an answer or a failure? a repository that could not be asked (or
            // read) is not a repository without the artifact
            for (Exception e : result.getExceptions()) {
                TransferFailure.of(e).ifPresent(failure -> {
                    if (maven.session().isOffline()) {
                        throw new NotCachedOffline("cannot list versions of " + name + ": " + failure, e);
                    }
                    throw new ProviderException("cannot list versions of " + name + ": " + failure, e);
                });
                if (!isNotFound(e)) {
                    throw new ProviderException("cannot read the version list of " + name + " from "
                            + String.join(", ", repositories.stream().map(RemoteRepository::getUrl).toList()) + ": "
                            + originalError(firstLine(e)) + hint(e), e);
                }
            }
        }
        List<Package> out = new ArrayList<>();
        for (org.eclipse.aether.version.Version v : result.getVersions()) {
            if (v.toString().endsWith("-SNAPSHOT")) {
                continue;
            }
            ArtifactRepository repo = result.getRepository(v);
            if (only != null && !(repo instanceof RemoteRepository)) {
                continue; // known only to the local repository: not evidence that this repository has it
            }
            out.add(new MavenPackage(c.groupId, c.artifactId, c.classifier, "jar", Version.of(v.toString()),
                    only != null ? only.getUrl() : repo instanceof RemoteRepository r ? r.getUrl() : primaryUrl()));
        }
        out.sort(Comparator.comparing((Package p) -> isPreRelease(p.version()))
                .thenComparing(Package::version, Comparator.reverseOrder()));
        return List.copyOf(out);
    }

    public static boolean isPreRelease(Version v) {
        return PRE_RELEASE.matcher(v.text()).matches();
    }

    /**
     * One exact version, checked by reading its POM (which the solver will need next anyway). With several
     * repositories the candidate names none (it is read from whichever has it): callers ask {@link #versionsIn}
     * first and come here only for an artifact no repository lists.
     */
    public Optional<Package> version(PackageName name, Version version) {
        Coordinates c = Coordinates.of(name);
        MavenPackage pkg = new MavenPackage(c.groupId, c.artifactId, c.classifier, "jar", version,
                maven.repositories().size() == 1 ? primaryUrl() : null);
        if (belowAHigherRequest(name, version, pkg)) {
            return Optional.of(pkg);
        }
        try {
            descriptor(pkg).join();
            return Optional.of(pkg);
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof MissingArtifact) {
                return Optional.empty();
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * A plain version below one already requested (and read ahead) for the same name, whose POM nobody asked for:
     * it is taken unread. The solver takes the highest requested version, so this one matters only if every higher
     * request goes away, and its POM is read then, when the solver asks for its dependencies (a missing one is an
     * error there, as in Maven). Maven and Coursier read only the POMs of the versions they select; reading each
     * requested version to see that it exists cost a cold lock of Spark 37 more POMs than Coursier's 240, each with
     * its checksum and a model to build: 1.72-1.90 s (median 1.81) against 1.85-2.09 s (1.94), 8 interleaved pairs,
     * the same lock. With several repositories the POM is where a version is found, and with {@code --strict-maven}
     * every plain version is exact: both keep reading it.
     */
    private boolean belowAHigherRequest(PackageName name, Version version, MavenPackage pkg) {
        if (strictMaven || maven.repositories().size() != 1) {
            return false;
        }
        Version highest = readAheadHighest.get(name);
        return highest != null && version.compareTo(highest) < 0 && !descriptors.containsKey(descriptorKey(pkg));
    }

    /** Thrown inside descriptor futures when the POM does not exist at all (as opposed to being broken). */
    private static final class MissingArtifact extends RuntimeException {
        MissingArtifact(String message) {
            super(message, null, false, false);
        }
    }

    public Dependencies dependencies(MavenPackage pkg, Set<String> inheritedExclusions) {
        Descriptor descriptor;
        try {
            descriptor = descriptor(pkg).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof MissingArtifact m) {
                throw new ProviderException(m.getMessage());
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        List<Requirement> requires = new ArrayList<>();
        String who = pkg.display();
        for (DeclaredDependency d : descriptor.dependencies()) {
            if (ExclusionPattern.anyMatches(inheritedExclusions, d.groupId(), d.artifactId())) {
                continue;
            }
            PackageName name = PackageName.maven(d.groupId(), d.artifactId(), d.classifier());
            requires.add(requirement(name, d, who));
        }
        // Read ahead: the solver will most likely ask for these next.
        for (Requirement r : requires) {
            if (r.preferred() != null && worthReadingAhead(r)) {
                Coordinates c = Coordinates.of(r.name());
                descriptor(new MavenPackage(c.groupId, c.artifactId, c.classifier, "jar", r.preferred(),
                        primaryUrl()));
            }
        }
        return new Dependencies(requires, List.of());
    }

    /**
     * Whether to read a requested plain version ahead: not when one at least as high was read ahead for the same name
     * already (see {@link #belowAHigherRequest}). Remembers the highest. With {@code --strict-maven} every plain
     * version is exact, and each is read ahead.
     */
    private boolean worthReadingAhead(Requirement r) {
        if (strictMaven) {
            return true;
        }
        Version highest = readAheadHighest.merge(r.name(), r.preferred(),
                (known, asked) -> asked.compareTo(known) > 0 ? asked : known);
        return highest == r.preferred();
    }

    private Requirement requirement(PackageName name, DeclaredDependency d, String who) {
        String v = d.version();
        Set<String> exclusions = Set.copyOf(d.exclusions());
        if (v == null || v.isBlank() || v.equals("LATEST") || v.equals("RELEASE")) {
            return new Requirement(name, VersionConstraint.any(), null, exclusions, who);
        }
        if (v.startsWith("[") || v.startsWith("(")) {
            try {
                return new Requirement(name, new VersionConstraintParser().parse(v), null, exclusions, who);
            } catch (VersionConstraintParser.Invalid e) {
                throw new ProviderException(who + " declares " + name + " with an invalid range '" + v + "': "
                        + e.getMessage());
            }
        }
        Version soft = Version.of(v);
        VersionConstraint constraint = strictMaven
                ? new VersionConstraint.Exact(soft)
                : new VersionConstraint.Compare(VersionConstraint.Operator.GE, soft);
        return new Requirement(name, constraint, soft, exclusions, who);
    }

    private CompletableFuture<Descriptor> descriptor(MavenPackage pkg) {
        String key = descriptorKey(pkg);
        return descriptors.computeIfAbsent(key, k -> CompletableFuture.supplyAsync(() -> readDescriptor(pkg),
                readAhead));
    }

    /**
     * The same coordinates in two repositories may be two different POMs (that is what a dependency-confusion
     * package looks like), so a version from a repository other than the first is remembered under its URL too.
     */
    private String descriptorKey(MavenPackage pkg) {
        String gav = pkg.groupId() + ":" + pkg.artifactId() + ":" + pkg.version();
        return pkg.repositoryUrl() == null || pkg.repositoryUrl().equals(primaryUrl()) ? gav
                : gav + " " + pkg.repositoryUrl();
    }

    /** The candidate's own repository first: its POM is read from there, parents and imports from any. */
    private List<RemoteRepository> repositoriesFor(MavenPackage pkg) {
        List<RemoteRepository> all = maven.repositories();
        if (all.size() == 1 || pkg.repositoryUrl() == null) {
            return all;
        }
        List<RemoteRepository> ordered = new ArrayList<>();
        all.stream().filter(r -> r.getUrl().equals(pkg.repositoryUrl())).forEach(ordered::add);
        all.stream().filter(r -> !r.getUrl().equals(pkg.repositoryUrl())).forEach(ordered::add);
        return ordered;
    }

    private Descriptor readDescriptor(MavenPackage pkg) {
        String key = descriptorKey(pkg);
        Optional<Descriptor> cached = descriptorCache.get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        Artifact artifact = new DefaultArtifact(pkg.groupId(), pkg.artifactId(), "", "pom", pkg.version().text());
        ArtifactDescriptorResult result;
        try {
            result = maven.system().readArtifactDescriptor(maven.session(),
                    new ArtifactDescriptorRequest(artifact, repositoriesFor(pkg), null));
        } catch (ArtifactDescriptorException e) {
            String msg = firstLine(e);
            if (isNotFound(e)) {
                throw new MissingArtifact(pkg.groupId() + ":" + pkg.artifactId() + ":" + pkg.version()
                        + " does not exist in " + repositoryNames());
            }
            throw new ProviderException("cannot read the POM of " + pkg.groupId() + ":" + pkg.artifactId() + ":"
                    + pkg.version() + ": " + msg + rootCause(e) + hint(e), e);
        }
        List<DeclaredDependency> deps = new ArrayList<>();
        for (Dependency d : result.getDependencies()) {
            if (d.isOptional() || !RUNTIME_SCOPES.contains(d.getScope())) {
                continue;
            }
            Artifact a = d.getArtifact();
            List<String> exclusions = new ArrayList<>();
            for (Exclusion x : d.getExclusions()) {
                exclusions.add(x.getGroupId() + ":" + x.getArtifactId());
            }
            exclusions.sort(null);
            deps.add(new DeclaredDependency(a.getGroupId(), a.getArtifactId(), a.getClassifier(),
                    a.getExtension(), a.getVersion(), exclusions));
        }
        Descriptor descriptor = new Descriptor(deps);
        descriptorCache.put(key, descriptor);
        return descriptor;
    }

    private static boolean isNotFound(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (name.equals("ArtifactNotFoundException") || name.equals("MetadataNotFoundException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * What Resolver's "Failed to read artifact descriptor" wraps (a checksum that did not match, a transfer that
     * failed): the part a user can act on, or nothing when the message already says it.
     */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String line = firstLine(root);
        return root == e || firstLine(e).contains(line) ? "" : " (" + line + ")";
    }

    /** Maven Resolver repeats a remembered failure inside a longer sentence; the original is what the user needs. */
    private static String originalError(String message) {
        int at = message.indexOf("Original error: ");
        return at < 0 ? message : message.substring(at + "Original error: ".length());
    }

    /** What to do about a checksum problem: jconda checks every file a repository serves against its checksum. */
    private static String hint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals("ChecksumFailureException")
                    || String.valueOf(t.getMessage()).contains("Checksum validation failed")) {
                return " (the repository must publish a .sha1, .sha256 or .sha512 beside maven-metadata.xml and "
                        + "every file, matching its bytes)";
            }
        }
        return "";
    }

    public String primaryUrl() {
        return maven.repositories().getFirst().getUrl();
    }

    private String repositoryNames() {
        return String.join(", ", maven.repositories().stream().map(RemoteRepository::getUrl).toList());
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private record Coordinates(String groupId, String artifactId, String classifier) {
        static Coordinates of(PackageName name) {
            String[] p = name.value().split(":");
            if (p.length < 2 || p.length > 3) {
                throw new IllegalArgumentException("not a Maven package name: " + name);
            }
            return new Coordinates(p[0], p[1], p.length == 3 ? p[2] : "");
        }
    }

    /**
     * Stops the read-ahead and waits for it to end: a POM still on its way is abandoned, and nothing is written into
     * the local repository once the channel is closed (a read-ahead that outlived the channel wrote its POM, or the
     * record of its interrupted transfer, into a repository its command had finished with).
     */
    @Override
    public void close() {
        readAhead.shutdownNow();
        try {
            readAhead.awaitTermination(READ_AHEAD_STOP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        descriptorCache.flush();
    }
}
