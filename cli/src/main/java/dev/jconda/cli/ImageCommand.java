package dev.jconda.cli;

import dev.jconda.deploy.ImageBuilder;
import dev.jconda.deploy.ImageTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.Optional;

@Command(name = "image", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Build an OCI image of an environment with Jib: no Docker daemon, reproducible (the same "
                + "environment gives the same digest).",
                "",
                "Layers, least changed first: base (this machine's glibc and libstdc++, unless --from), runtime (a "
                        + "jlinked JDK), natives, dependencies (jars), application (server, lock, model). It runs as "
                        + "an unprivileged user (65532); its entrypoint is the model server with the environment's "
                        + "serve: defaults on 0.0.0.0; arguments after the image name are server flags.",
                "",
                "Examples:",
                "  jconda image -n model-serving --to tar:ms.tar",
                "  podman load -i ms.tar && podman run -p 8000:8000 jconda/model-serving:TAG",
                "  jconda image -n model-serving --to oci:build/image",
                "  skopeo inspect oci:build/image",
                "  jconda image -n model-serving --from debian:12-slim \\",
                "    --to registry.example.com/ml/model-serving:1"})
final class ImageCommand implements Runnable {
    private final Context context;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "the environment")
    String name;

    @Option(names = "--to", required = true, paramLabel = "TARGET",
            description = "oci:DIR (an OCI layout), tar:FILE (an OCI archive) or REGISTRY/REPO:TAG (pushed)")
    String to;

    @Option(names = "--from", paramLabel = "IMAGE",
            description = "a base image from a registry, which must bring glibc and libstdc++ (default: a base of "
                    + "this machine's libraries, nothing pulled)")
    String from;

    @Option(names = "--image-name", paramLabel = "REPO:TAG",
            description = "the name inside a tar: or oci: image (default: jconda/NAME:<lock hash>)")
    String imageName;

    @Option(names = "--allow-insecure-registries", description = "allow plain HTTP registries")
    boolean insecure;

    ImageCommand(Context context) {
        this.context = context;
    }

    @Override
    public void run() {
        ImageTarget target = ImageTarget.parse(to);
        long start = System.nanoTime();
        ImageBuilder.Built built = new ImageBuilder(DeployCaches.runtimes(context), DeployCaches.imageLayers(context))
                .build(new ImageBuilder.Request(InstalledEnvironments.require(context, name), target,
                        Optional.ofNullable(from), Optional.ofNullable(imageName), insecure));
        context.out().printf("Built %s for %s in %.1f s%n", built.reference(), built.name(),
                (System.nanoTime() - start) / 1e9);
        context.out().println("digest: " + built.digest());
        context.out().println("image id: " + built.imageId());
        for (Map.Entry<String, Long> layer : built.layers().entrySet()) {
            context.out().printf("  layer %-13s %s%n", layer.getKey(), DeployCaches.size(layer.getValue()));
        }
        switch (target) {
            case ImageTarget.Archive a -> context.out().println("Run it:  podman load -i " + a.file()
                    + " && podman run -p " + built.port() + ":" + built.port() + " " + built.reference());
            case ImageTarget.OciLayout o -> context.out().println("Inspect it:  skopeo inspect oci:" + o.dir());
            case ImageTarget.Registry r -> context.out().println("Pushed " + r.reference());
        }
    }
}
