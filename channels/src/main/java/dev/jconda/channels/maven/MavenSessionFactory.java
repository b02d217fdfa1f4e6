package dev.jconda.channels.maven;

import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import dev.jconda.cache.HttpTransport;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.spi.connector.transport.TransporterFactory;
import org.eclipse.aether.transport.file.FileTransporterFactory;
import org.eclipse.aether.util.repository.SimpleArtifactDescriptorPolicy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles Maven Resolver in one place: the repository system, one session over jconda's own local repository
 * (never {@code ~/.m2}, so environments do not depend on what other builds left there), strict checksums, and
 * descriptor failures reported rather than silently skipped.
 */
public final class MavenSessionFactory implements AutoCloseable {
    private final RepositorySystem system;
    private final RepositorySystemSession.CloseableSession session;
    private final List<RemoteRepository> repositories;

    public MavenSessionFactory(Path localRepository, List<MavenRepository> repositories, boolean offline) {
        this(localRepository, repositories, offline, false);
    }

    /**
     * @param refreshMetadata re-read version lists ({@code maven-metadata.xml}) now instead of once a day, as
     *                        {@code jconda lock --update} needs to see what was published since the last lock
     */
    public MavenSessionFactory(Path localRepository, List<MavenRepository> repositories, boolean offline,
                               boolean refreshMetadata) {
        this(localRepository, repositories, offline, refreshMetadata, null, dev.jconda.cache.DownloadPolicy.DEFAULT);
    }

    /**
     * @param settings Maven's settings.xml: its {@code <servers>} give the repositories' credentials; may be null
     * @param network  the same timeouts and retries as jconda's own downloads: Resolver's default request timeout is
     *                 30 minutes, which let a mirror trickling bytes keep a lock silent for as long as it liked
     */
    public MavenSessionFactory(Path localRepository, List<MavenRepository> repositories, boolean offline,
                               boolean refreshMetadata, MavenSettings settings,
                               dev.jconda.cache.DownloadPolicy network) {
        this(localRepository, repositories, offline, refreshMetadata, settings, new HttpTransport(network,
                settings == null ? null : settings.authenticator(), HttpTransport.DEFAULT_CONCURRENCY));
    }

    /**
     * @param http the process's HTTP client: Resolver reads POMs and version lists through it, with its timeouts,
     *             retries and credentials
     */
    public MavenSessionFactory(Path localRepository, List<MavenRepository> repositories, boolean offline,
                               boolean refreshMetadata, MavenSettings settings, HttpTransport http) {
        String metadataPolicy = refreshMetadata ? RepositoryPolicy.UPDATE_POLICY_ALWAYS
                : RepositoryPolicy.UPDATE_POLICY_DAILY;
        this.system = new RepositorySystemSupplier() {
            @Override
            protected Map<String, TransporterFactory> createTransporterFactories() {
                // file:// stays with Resolver's file transport; http(s) goes through the process's client alone
                Map<String, TransporterFactory> factories = new HashMap<>(super.createTransporterFactories());
                factories.keySet().removeIf(name -> !name.equals(FileTransporterFactory.NAME));
                factories.put("jconda-http", new SharedClientTransporterFactory(http));
                return factories;
            }
        }.get();
        this.session = new SessionBuilderSupplier(system).get()
                .withLocalRepositoryBaseDirectories(localRepository)
                .setSystemProperties(System.getProperties())
                // Resolver's session builder has no cache by default, and without one Maven's model builder keeps
                // none either: every POM's parents and imported BOMs were read and built again for each descriptor
                .setCache(new org.eclipse.aether.DefaultRepositoryCache())
                .setChecksumPolicy(RepositoryPolicy.CHECKSUM_POLICY_FAIL)
                .setOffline(offline)
                .setArtifactDescriptorPolicy(new SimpleArtifactDescriptorPolicy(false, false))
                // remember "not found" for the update interval, never a failed transfer: once the network is back
                // the next run asks again instead of repeating yesterday's "connection refused"
                .setResolutionErrorPolicy(new org.eclipse.aether.util.repository.SimpleResolutionErrorPolicy(
                        org.eclipse.aether.resolution.ResolutionErrorPolicy.CACHE_NOT_FOUND))
                // timeouts and retries are the HTTP client's (the network policy it was built with)
                .setConfigProperty("aether.remoteRepositoryFilter.prefixes", false)
                // a POM's .sha1 is checked as it arrives; kept beside it in the local repository nothing reads it
                // again, and a cold lock of Spark wrote 277 such files
                .setConfigProperty("aether.connector.basic.persistedChecksums", false)
                .build();
        this.repositories = repositories.stream()
                .map(r -> new RemoteRepository.Builder(r.id(), "default", r.url().toString())
                        .setPolicy(new RepositoryPolicy(true, metadataPolicy,
                                RepositoryPolicy.CHECKSUM_POLICY_FAIL))
                        .setSnapshotPolicy(new RepositoryPolicy(false, RepositoryPolicy.UPDATE_POLICY_NEVER,
                                RepositoryPolicy.CHECKSUM_POLICY_FAIL))
                        .setAuthentication(credentials(settings, r))
                        .build())
                .toList();
    }

    /** The server entry of the repository's id, or of the settings' mirror it stands for; null for none. */
    private static org.eclipse.aether.repository.Authentication credentials(MavenSettings settings,
                                                                              MavenRepository repository) {
        if (settings == null) {
            return null;
        }
        java.util.Optional<MavenSettings.Server> server = settings.server(repository.id());
        if (server.isEmpty() && repository.id().equals("maven-central")) {
            server = settings.mirrorOf("central")
                    .filter(m -> repository.url().toString().startsWith(m.url().replaceAll("/+$", "")))
                    .flatMap(m -> settings.server(m.id()));
        }
        return server.filter(s -> s.username() != null)
                .map(s -> new org.eclipse.aether.util.repository.AuthenticationBuilder().addUsername(s.username())
                        .addPassword(s.password()).build())
                .orElse(null);
    }

    public RepositorySystem system() {
        return system;
    }

    public RepositorySystemSession session() {
        return session;
    }

    public List<RemoteRepository> repositories() {
        return repositories;
    }

    @Override
    public void close() {
        session.close();
        system.shutdown();
    }
}
