package dev.jconda.channels.index;

import dev.jconda.platform.Platform;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The channels jconda ships, by name: {@code pytorch} (libtorch from DJL's native jars), {@code nvidia} (the CUDA
 * runtime and cuDNN from JavaCPP) and {@code intel} (MKL from JavaCPP). Their indexes are classpath resources,
 * {@code dev/jconda/channels/builtin/<name>/index.yml}, so the CLI jar carries them and they need no network; the
 * artifacts they name still come from Maven Central.
 */
public final class BuiltinChannels {
    private static final List<String> NAMES = List.of("pytorch", "nvidia", "intel", "onnxruntime");
    private static final String RESOURCE_ROOT = "dev/jconda/channels/builtin/";

    private final ClassLoader loader;
    private final ChannelIndexReader reader = new ChannelIndexReader();

    /** The channels shipped in this jar. */
    public BuiltinChannels() {
        this(BuiltinChannels.class.getClassLoader());
    }

    /** The builtin channels as {@code loader} finds them. */
    public BuiltinChannels(ClassLoader loader) {
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /** The builtin channel names, in the order {@code jconda info} lists them. */
    public List<String> names() {
        return NAMES;
    }

    public boolean contains(String name) {
        return NAMES.contains(name);
    }

    /** The classpath resource holding the index of {@code name}. */
    public String resourceName(String name) {
        return RESOURCE_ROOT + name + "/" + ChannelIndexReader.FILE_NAME;
    }

    /**
     * The parsed index of the builtin channel {@code name}.
     *
     * @throws ChannelUnavailableError when there is no builtin channel by that name
     */
    public ChannelIndex index(String name) {
        if (!contains(name)) {
            throw new ChannelUnavailableError(name, "no builtin channel by that name; builtin channels are "
                    + String.join(", ", NAMES));
        }
        String resource = resourceName(name);
        URL url = loader.getResource(resource);
        if (url == null) {
            throw new ChannelUnavailableError(name, "the builtin index " + resource + " is missing from the class "
                    + "path");
        }
        String text;
        try (InputStream in = url.openStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ChannelUnavailableError(name, "cannot read the builtin index " + resource + ": "
                    + e.getMessage(), e);
        }
        // builtin indexes name Maven artifacts only, so they need no base for relative URLs
        return reader.read(text, "builtin:" + name + "/" + ChannelIndexReader.FILE_NAME, null);
    }

    /** The builtin channel {@code name} for one target platform. */
    public IndexChannel channel(String name, Platform platform) {
        return new IndexChannel(index(name), platform);
    }
}
