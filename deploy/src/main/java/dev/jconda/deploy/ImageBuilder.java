package dev.jconda.deploy;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import dev.jconda.prefix.ArchiveExtractor;
import dev.jconda.prefix.PrefixInstaller;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * {@code jconda image}: an environment as an OCI image, built with Jib (no Docker daemon). Layers go from the least
 * to the most often changed: the system libraries (the default base), the JDK runtime, the native libraries, the
 * third-party jars, the application (server, launchers, lock, model). Times are fixed and entries sorted, so the
 * same environment gives the same image digest. The entrypoint is the server with the environment's {@code serve:}
 * defaults, listening on all interfaces; arguments after the image name are its flags.
 */
public final class ImageBuilder {
    /** Where the environment lives inside the image. */
    public static final String ROOT = "/opt/jconda";
    /** An unprivileged user with no name clash in common bases (distroless uses 65532 too). */
    public static final int USER = 65532;
    public static final String LABEL_INPUTS_HASH = "dev.jconda.lock.inputs-hash";
    private static final Instant FIXED_TIME = PackWriter.FIXED_TIME.toInstant();

    private final RuntimeLinker linker;
    private final Path layerCache;

    public ImageBuilder(RuntimeLinker linker, Path layerCache) {
        this.linker = linker;
        this.layerCache = layerCache;
    }

    /**
     * @param from      a base image reference, or empty for the default base built from this machine's libraries
     * @param imageName the name the image carries in an archive or layout ({@code REPO:TAG})
     */
    public record Request(Path prefix, ImageTarget target, Optional<String> from, Optional<String> imageName,
                          boolean allowInsecureRegistries) {
    }

    /** @param layers each layer's name and size before compression, base first */
    public record Built(String name, String reference, String digest, String imageId, Map<String, Long> layers,
                       List<Path> systemLibraries, int port) {
    }

    public Built build(Request request) {
        try (Deployment deployment = Deployment.prepare(request.prefix(), linker)) {
            EnvironmentContents env = deployment.env();
            if (env.tools().isEmpty()) {
                throw DeployError.badInput("environment " + env.name() + " has no bundled server (libexec/); "
                        + "re-create it with ./jconda, which installs one into every environment");
            }
            String name = request.imageName().orElseGet(() -> defaultName(env.name(), env.lock().inputsHash()));
            JibContainerBuilder image;
            Map<String, Long> sizes = new LinkedHashMap<>();
            List<Path> system = List.of();
            if (request.from().isPresent()) {
                image = Jib.from(registryImage(request.from().get()));
            } else {
                system = SystemLibraries.neededBy(deployment.files());
                image = Jib.fromScratch();
                image.addFileEntriesLayer(baseLayer(system, deployment.staging(), sizes));
            }
            for (var layer : deployment.files().layers().entrySet()) {
                image.addFileEntriesLayer(layer(layer.getKey().id(), layer.getValue(), sizes));
            }
            configure(image, deployment);
            JibContainer built;
            try {
                built = image.containerize(containerizer(request, name));
                publish(request.target());
            } finally {
                discardPartial(request.target());
            }
            String reference = switch (request.target()) {
                case ImageTarget.Registry r -> r.reference();
                default -> name;
            };
            return new Built(env.name(), reference, built.getDigest().toString(), built.getImageId().toString(),
                    sizes, system, env.serve().port());
        } catch (InvalidImageReferenceException e) {
            throw DeployError.badInput("not an image reference: " + e.getMessage());
        } catch (RegistryException e) {
            throw DeployError.failed("registry: " + e.getMessage(), e);
        } catch (IOException | CacheDirectoryCreationException e) {
            throw DeployError.failed("cannot build the image: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw DeployError.failed("cannot build the image: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeployError.failed("interrupted", e);
        }
    }

    /** {@code jconda/NAME:<first 12 of the lock's input hash>}: the name an image gets unless told. */
    public static String defaultName(String environment, String inputsHash) {
        String hash = inputsHash == null ? "" : inputsHash.replace("sha256:", "");
        String tag = hash.length() >= 12 ? hash.substring(0, 12) : "latest";
        return "jconda/" + environment.toLowerCase(java.util.Locale.ROOT) + ":" + tag;
    }

    private void configure(JibContainerBuilder image, Deployment deployment) {
        EnvironmentContents env = deployment.env();
        RelocatedEnvironment relocated = deployment.relocated();
        Map<String, String> variables = new LinkedHashMap<>(relocated.variablesAt(ROOT));
        // the environment's folder is read-only to the user: DJL's cache and the JVM's home go to /tmp
        variables.put("DJL_CACHE_DIR", "/tmp/djl");
        variables.put("ENGINE_CACHE_DIR", "/tmp/djl");
        variables.put("HOME", "/tmp");
        image.setEnvironment(variables);
        List<String> entrypoint = new ArrayList<>(List.of(ROOT + "/jdk/bin/java"));
        entrypoint.addAll(RelocatedEnvironment.MASTER_JAVA_OPTS);
        entrypoint.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", relocated.classPathAt(ROOT),
                RelocatedEnvironment.SERVER_MAIN, "--config", ROOT + "/jconda-meta/serve.conf"));
        entrypoint.addAll(relocated.fileFlagsAt(ROOT));
        int port = env.serve().port();
        // inside a container the server must listen beyond loopback; a -b after the image name still wins
        entrypoint.add("--bind=0.0.0.0:" + port);
        if (env.serve().workers().isEmpty()) {
            // serve: leaves the count open: one worker per CPU of the container's quota, not of the host
            entrypoint.add("--workers=auto");
        }
        image.setEntrypoint(entrypoint)
                .setProgramArguments(List.of())
                .setExposedPorts(Port.tcp(port))
                .setUser(USER + ":" + USER)
                .setWorkingDirectory(AbsoluteUnixPath.get("/tmp"))
                .setCreationTime(Instant.EPOCH)
                .setFormat(ImageFormat.OCI);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.title", env.name());
        labels.put("org.opencontainers.image.description", "jconda environment " + env.name()
                + ": the bundled model server");
        labels.put(LABEL_INPUTS_HASH, env.lock().inputsHash() == null ? "" : env.lock().inputsHash());
        labels.put("dev.jconda.serve.port", Integer.toString(port));
        labels.put("dev.jconda.serve.graceful-timeout", Integer.toString(env.serve().gracefulTimeoutSeconds()));
        env.cudaBuild().ifPresent(p -> labels.put("dev.jconda.cuda", p.name() + " " + p.version() + " " + p.build()));
        image.setLabels(labels);
    }

    private static FileEntriesLayer layer(String name, List<DeploymentFiles.Entry> entries, Map<String, Long> sizes)
            throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        long bytes = 0;
        for (DeploymentFiles.Entry e : entries) {
            layer.addEntry(e.source(), AbsoluteUnixPath.get(ROOT + "/" + e.target()),
                    FilePermissions.fromOctalString(e.executable() ? "755" : "644"), FIXED_TIME);
            bytes += Files.size(e.source());
        }
        sizes.put(name, bytes);
        return layer.build();
    }

    /** The default base: the system libraries, a passwd naming the user, and a world-writable /tmp. */
    private static FileEntriesLayer baseLayer(List<Path> libraries, Path staging, Map<String, Long> sizes)
            throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("base");
        long bytes = 0;
        for (Path lib : libraries) {
            // the real file under the name the loader looks for (the symlink's name)
            layer.addEntry(lib.toRealPath(), AbsoluteUnixPath.get(lib.toString()),
                    FilePermissions.fromOctalString("755"), FIXED_TIME);
            bytes += Files.size(lib);
        }
        Path etc = Files.createDirectories(staging.resolve("base/etc"));
        Files.writeString(etc.resolve("passwd"), SystemLibraries.passwd(USER), StandardCharsets.UTF_8);
        Files.writeString(etc.resolve("group"), SystemLibraries.group(USER), StandardCharsets.UTF_8);
        FilePermissions readable = FilePermissions.fromOctalString("644");
        layer.addEntry(etc.resolve("passwd"), AbsoluteUnixPath.get("/etc/passwd"), readable, FIXED_TIME);
        layer.addEntry(etc.resolve("group"), AbsoluteUnixPath.get("/etc/group"), readable, FIXED_TIME);
        Path tmp = Files.createDirectories(staging.resolve("base/tmp"));
        layer.addEntry(tmp, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"), FIXED_TIME);
        sizes.put("base", bytes);
        return layer.build();
    }

    private static RegistryImage registryImage(String reference) throws InvalidImageReferenceException {
        ImageReference ref = ImageReference.parse(reference);
        return RegistryImage.named(ref).addCredentialRetriever(
                CredentialRetrieverFactory.forImage(ref, event -> { }).dockerConfig());
    }

    private Containerizer containerizer(Request request, String name) throws InvalidImageReferenceException,
            IOException {
        Containerizer containerizer = switch (request.target()) {
            case ImageTarget.Archive a -> Containerizer.to(TarImage.at(partial(a.file())).named(name));
            case ImageTarget.OciLayout o -> Containerizer.to(TarImage.at(partial(o.dir())).named(name));
            case ImageTarget.Registry r -> Containerizer.to(registryImage(r.reference()));
        };
        return containerizer.setToolName("jconda")
                .setApplicationLayersCache(layerCache)
                .setBaseImageLayersCache(layerCache.resolve("base"))
                .setAllowInsecureRegistries(request.allowInsecureRegistries())
                .setOfflineMode(request.from().isEmpty() && !(request.target() instanceof ImageTarget.Registry));
    }

    /** Jib writes the archive beside its final place; {@link #publish} moves it there (or unpacks a layout). */
    private static Path partial(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        return abs.resolveSibling("." + abs.getFileName() + ".partial-" + ProcessHandle.current().pid());
    }

    /** A failed build leaves nothing: no half-written archive beside the target. */
    private static void discardPartial(ImageTarget target) throws IOException {
        switch (target) {
            case ImageTarget.Archive a -> Files.deleteIfExists(partial(a.file()));
            case ImageTarget.OciLayout o -> Files.deleteIfExists(partial(o.dir()));
            case ImageTarget.Registry r -> { }
        }
    }

    /** Moves what Jib wrote into place: the archive itself, or its contents as an OCI layout folder. */
    private static void publish(ImageTarget target) {
        try {
            switch (target) {
                case ImageTarget.Archive a -> Files.move(partial(a.file()), a.file().toAbsolutePath(),
                        StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                case ImageTarget.OciLayout o -> {
                    Path archive = partial(o.dir());
                    try {
                        Path staging = partial(o.dir()).resolveSibling("." + o.dir().getFileName() + ".layout-"
                                + ProcessHandle.current().pid());
                        new ArchiveExtractor().extract(ArchiveExtractor.Request.of(archive, staging));
                        PrefixInstaller.deleteTree(o.dir().toAbsolutePath());
                        Files.move(staging, o.dir().toAbsolutePath(), StandardCopyOption.ATOMIC_MOVE);
                    } finally {
                        Files.deleteIfExists(archive);
                    }
                }
                case ImageTarget.Registry r -> { }
            }
        } catch (IOException e) {
            throw DeployError.failed("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
