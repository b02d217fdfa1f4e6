package dev.jconda.channels.index;

import dev.jconda.model.ChannelArtifact;
import dev.jconda.model.ChannelPackage;
import dev.jconda.model.PackageName;
import dev.jconda.model.Version;
import dev.jconda.platform.Platform;
import dev.jconda.spec.MatchSpecParser;
import dev.jconda.spec.InputError;
import dev.jconda.spec.YamlNodes;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a channel's {@code index.yml} (the format is described in {@code channels/README.md}) through SnakeYAML's
 * node tree, so that every error names the file, line and column of the offending node. Unknown keys are errors, not
 * warnings: a misspelt {@code depend:} would otherwise silently drop a package's dependencies.
 */
public final class ChannelIndexReader {
    /** The index's file name inside a channel folder or under a channel URL. */
    public static final String FILE_NAME = "index.yml";

    private static final List<String> TOP_KEYS = List.of("channel", "maven-repository", "packages");
    private static final List<String> PACKAGE_KEYS =
            List.of("name", "version", "build", "build_number", "depends", "constrains", "artifacts", "subdirs");
    private static final List<String> ARTIFACT_KEYS =
            List.of("maven", "url", "sha256", "size", "kind", "extract", "depends");
    private static final List<String> KINDS = List.of("native", "jar", "jdk");

    private static final Pattern NAME = Pattern.compile("[a-z0-9_][a-z0-9_.-]*");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_.+!-]+");
    private static final Pattern BUILD = Pattern.compile("[A-Za-z0-9_.+]+");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern COORDINATE_PART = Pattern.compile("[A-Za-z0-9_.+-]+");

    private final MatchSpecParser specs = new MatchSpecParser();

    /** Every subdir an artifact may be keyed by: the platforms jconda knows, and {@code noarch}. */
    public static List<String> subdirs() {
        List<String> all = new ArrayList<>();
        for (Platform platform : Platform.values()) {
            all.add(platform.subdir());
        }
        all.add(IndexEntry.NOARCH);
        return List.copyOf(all);
    }

    /** Reads {@code file}; relative {@code url:} artifacts are resolved against its folder. */
    public ChannelIndex read(Path file) {
        String display = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputError(display, 0, 0, "no such file");
        } catch (IOException e) {
            throw new InputError(display, 0, 0, "cannot read: " + e.getMessage());
        }
        return read(text, display, file.toAbsolutePath().toUri());
    }

    /**
     * Parses an index.
     *
     * @param display the file's name in messages
     * @param base    the index file's own URI, against which relative {@code url:} artifacts resolve; null when the
     *                index has no location of its own (then relative URLs are an error)
     */
    public ChannelIndex read(String text, String display, URI base) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        Node root = YamlNodes.compose(new StringReader(text), display, options);
        if (root == null) {
            throw new InputError(display, 1, 1, "the index is empty; expected 'channel:' and 'packages:'");
        }
        return new Builder(display, base).build(root);
    }

    private final class Builder {
        final String display;
        final URI base;
        final YamlNodes nodes;

        Builder(String display, URI base) {
            this.display = display;
            this.base = base;
            this.nodes = new YamlNodes(display);
        }

        ChannelIndex build(Node root) {
            Map<String, NodeTuple> top = keys(nodes.mapping(root, "the index"), TOP_KEYS, "the index");
            String channel = required(top, "channel", root, "the index");
            if (!NAME.matcher(channel).matches()) {
                throw nodes.error(top.get("channel").getValueNode(), "invalid channel name '" + channel
                        + "'; use lowercase letters, digits, '-', '_' and '.'");
            }
            Optional<URI> repository = Optional.empty();
            if (top.containsKey("maven-repository")) {
                repository = Optional.of(repositoryUrl(top.get("maven-repository").getValueNode()));
            }
            NodeTuple packagesTuple = top.get("packages");
            if (packagesTuple == null) {
                throw nodes.error(root, "the index has no 'packages:' list");
            }
            List<IndexEntry> entries = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Node item : list(packagesTuple.getValueNode(), "'packages'")) {
                IndexEntry entry = entry(item, channel);
                ChannelPackage p = entry.pkg();
                if (!seen.add(p.name() + " " + p.version() + " " + p.build())) {
                    throw nodes.error(item, "package " + p.display() + " is listed twice");
                }
                entries.add(entry);
            }
            return new ChannelIndex(channel, display, repository, entries);
        }

        IndexEntry entry(Node node, String channel) {
            Map<String, NodeTuple> keys = keys(nodes.mapping(node, "a package"), PACKAGE_KEYS, "a package");
            String name = required(keys, "name", node, "a package");
            Node nameNode = keys.get("name").getValueNode();
            if (name.startsWith("__")) {
                throw nodes.error(nameNode, "'" + name + "' is a virtual package name; channels cannot provide it");
            }
            if (!NAME.matcher(name).matches()) {
                throw nodes.error(nameNode, "invalid package name '" + name
                        + "'; use lowercase letters, digits, '-', '_' and '.'");
            }
            String what = "package '" + name + "'";
            Node versionNode = keys.containsKey("version") ? keys.get("version").getValueNode() : null;
            Version version = version(required(keys, "version", node, what), versionNode);
            int buildNumber = 0;
            if (keys.containsKey("build_number")) {
                buildNumber = nonNegativeInt(keys.get("build_number").getValueNode(), "build_number");
            }
            String build = String.valueOf(buildNumber);
            if (keys.containsKey("build")) {
                Node buildNode = keys.get("build").getValueNode();
                build = nodes.scalar(buildNode, "'build'");
                if (!BUILD.matcher(build).matches()) {
                    throw nodes.error(buildNode, "invalid build string '" + build
                            + "'; use letters, digits, '_', '.' and '+'");
                }
            }
            List<String> depends = specList(keys.get("depends"));
            List<String> constrains = specList(keys.get("constrains"));
            what = "package " + name + " " + version + " " + build;

            NodeTuple artifactsTuple = keys.get("artifacts");
            NodeTuple subdirsTuple = keys.get("subdirs");
            if (artifactsTuple != null && subdirsTuple != null) {
                throw nodes.error(subdirsTuple.getKeyNode(), what + " has both 'artifacts:' and 'subdirs:'; 'subdirs:' "
                        + "is for metapackages, which install nothing themselves");
            }
            Map<String, ChannelArtifact> artifacts = new LinkedHashMap<>();
            Map<String, List<String>> platformDepends = new LinkedHashMap<>();
            Set<String> subdirs = new LinkedHashSet<>();
            if (artifactsTuple != null) {
                MappingNode map = nodes.mapping(artifactsTuple.getValueNode(), "'artifacts' of " + what);
                Set<String> seenSubdirs = new HashSet<>();
                for (NodeTuple tuple : map.getValue()) {
                    String subdir = subdir(tuple.getKeyNode());
                    if (!seenSubdirs.add(subdir)) {
                        throw nodes.error(tuple.getKeyNode(), "duplicate subdir '" + subdir + "'");
                    }
                    artifacts.put(subdir, artifact(tuple.getValueNode(), what + " on " + subdir, platformDepends,
                            subdir));
                    subdirs.add(subdir);
                }
                if (artifacts.isEmpty()) {
                    throw nodes.error(map, what + " has no artifacts; list at least one subdir");
                }
            } else if (subdirsTuple != null) {
                for (Node item : list(subdirsTuple.getValueNode(), "'subdirs'")) {
                    if (!subdirs.add(subdir(item))) {
                        throw nodes.error(item, "duplicate subdir '" + nodes.scalar(item, "a subdir") + "'");
                    }
                }
                if (subdirs.isEmpty()) {
                    throw nodes.error(subdirsTuple.getValueNode(), what + " has no subdirs; list at least one");
                }
            } else {
                throw nodes.error(node, what + " needs 'artifacts:' (the files it installs per subdir) or, for a "
                        + "metapackage, 'subdirs:' (where it exists)");
            }
            ChannelPackage pkg = new ChannelPackage(PackageName.of(name), version, build, buildNumber, channel,
                    depends, constrains, artifacts);
            return new IndexEntry(pkg, subdirs, platformDepends);
        }

        ChannelArtifact artifact(Node node, String what, Map<String, List<String>> platformDepends, String subdir) {
            Map<String, NodeTuple> keys = keys(nodes.mapping(node, "the artifact of " + what), ARTIFACT_KEYS,
                    "an artifact");
            NodeTuple maven = keys.get("maven");
            NodeTuple url = keys.get("url");
            if ((maven == null) == (url == null)) {
                throw nodes.error(node, "the artifact of " + what + " needs exactly one of 'maven:' and 'url:'");
            }
            String kind = required(keys, "kind", node, "the artifact of " + what);
            if (!KINDS.contains(kind)) {
                throw nodes.error(keys.get("kind").getValueNode(), "unknown kind '" + kind + "'; expected one of "
                        + String.join(", ", KINDS));
            }
            String extract = null;
            if (keys.containsKey("extract")) {
                extract = extractPrefix(keys.get("extract").getValueNode());
            }
            long size = 0;
            String sha256 = null;
            String coordinate = null;
            String location = null;
            if (maven != null) {
                for (String key : List.of("sha256", "size")) {
                    if (keys.containsKey(key)) {
                        throw nodes.error(keys.get(key).getKeyNode(), "'" + key + "' is only for 'url:' artifacts; "
                                + "a Maven artifact's checksum and size come from its repository");
                    }
                }
                coordinate = coordinate(maven.getValueNode());
            } else {
                location = artifactUrl(url.getValueNode());
                NodeTuple sha = keys.get("sha256");
                if (sha == null) {
                    throw nodes.error(node, "the artifact of " + what + " has a 'url:' but no 'sha256:'");
                }
                sha256 = nodes.scalar(sha.getValueNode(), "'sha256'");
                if (!SHA256.matcher(sha256).matches()) {
                    throw nodes.error(sha.getValueNode(), "'sha256' must be 64 hexadecimal digits");
                }
                sha256 = sha256.toLowerCase(Locale.ROOT);
                if (keys.containsKey("size")) {
                    size = nonNegativeLong(keys.get("size").getValueNode(), "size");
                }
            }
            List<String> extra = specList(keys.get("depends"));
            if (!extra.isEmpty()) {
                platformDepends.put(subdir, extra);
            }
            return new ChannelArtifact(coordinate, location, sha256, size, kind, extract);
        }

        /** {@code group:artifact:version[:classifier]}; the extension is always jar. */
        String coordinate(Node node) {
            String text = nodes.scalar(node, "'maven'");
            String[] parts = text.split(":", -1);
            boolean valid = parts.length == 3 || parts.length == 4;
            for (String part : parts) {
                valid &= COORDINATE_PART.matcher(part).matches();
            }
            if (!valid) {
                throw nodes.error(node, "invalid Maven coordinate '" + text
                        + "'; expected group:artifact:version or group:artifact:version:classifier");
            }
            return text;
        }

        String artifactUrl(Node node) {
            String text = nodes.scalar(node, "'url'");
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                throw nodes.error(node, "invalid URL '" + text + "': " + e.getReason());
            }
            if (!uri.isAbsolute()) {
                if (base == null || base.isOpaque()) {
                    throw nodes.error(node, "relative URL '" + text + "' in an index that has no location of its own");
                }
                uri = base.resolve(uri);
            }
            if ("file".equalsIgnoreCase(uri.getScheme())) {
                uri = fileUri(node, uri);
            }
            checkUrl(node, uri, "url");
            return uri.toString();
        }

        /** {@code file:///x}, as {@link Path#toUri()} writes it; {@link URI#resolve} would drop the slashes. */
        URI fileUri(Node node, URI uri) {
            try {
                return Path.of(uri).toUri();
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                throw nodes.error(node, "invalid file URL '" + uri + "': " + e.getMessage());
            }
        }

        URI repositoryUrl(Node node) {
            String text = nodes.scalar(node, "'maven-repository'");
            URI uri;
            try {
                uri = new URI(text.endsWith("/") ? text : text + "/");
            } catch (URISyntaxException e) {
                throw nodes.error(node, "invalid URL '" + text + "': " + e.getReason());
            }
            if (!uri.isAbsolute()) {
                throw nodes.error(node, "'maven-repository' must be an absolute https://, http:// or file:// URL");
            }
            checkUrl(node, uri, "maven-repository");
            return uri;
        }

        void checkUrl(Node node, URI uri, String key) {
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") && !scheme.equals("file")) {
                throw nodes.error(node, "'" + key + "' must be an https://, http:// or file:// URL, not " + scheme + ":");
            }
            if (uri.getRawUserInfo() != null) {
                throw nodes.error(node, "'" + key + "' must not carry credentials; indexes are shared");
            }
        }

        /** A folder inside the archive, always with a trailing slash, never escaping the archive. */
        String extractPrefix(Node node) {
            String text = nodes.scalar(node, "'extract'");
            if (text.isEmpty() || text.startsWith("/") || text.contains("\\") || text.matches("^[A-Za-z]:.*")) {
                throw nodes.error(node, "'extract' must be a relative folder inside the archive, such as "
                        + "pytorch/cpu/linux-x86_64/");
            }
            for (String segment : text.split("/")) {
                if (segment.equals("..") || segment.equals(".")) {
                    throw nodes.error(node, "'extract' must not contain '.' or '..' segments");
                }
            }
            return text.endsWith("/") ? text : text + "/";
        }

        String subdir(Node node) {
            String subdir = nodes.scalar(node, "a subdir");
            if (!subdirs().contains(subdir)) {
                throw nodes.error(node, "unknown subdir '" + subdir + "'; expected one of " + String.join(", ", subdirs()));
            }
            return subdir;
        }

        Version version(String text, Node node) {
            if (!VERSION.matcher(text).matches()) {
                throw nodes.error(node, "invalid version '" + text + "'; use letters, digits, '.', '-', '_', '+' and '!'");
            }
            try {
                return Version.of(text);
            } catch (IllegalArgumentException e) {
                throw nodes.error(node, e.getMessage());
            }
        }

        /** A list of MatchSpecs, each checked here so a bad one is reported at its own line and column. */
        List<String> specList(NodeTuple tuple) {
            if (tuple == null) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            String what = "'" + nodes.scalar(tuple.getKeyNode(), "a key") + "'";
            for (Node item : list(tuple.getValueNode(), what)) {
                String text = nodes.scalar(item, "an entry of " + what);
                Mark mark = item.getStartMark();
                specs.parse(text, display, mark.getLine() + 1, mark.getColumn() + 1 + YamlNodes.quoteOffset(item));
                out.add(text.strip());
            }
            return out;
        }

        int nonNegativeInt(Node node, String key) {
            long value = nonNegativeLong(node, key);
            if (value > Integer.MAX_VALUE) {
                throw nodes.error(node, "'" + key + "' is too large");
            }
            return (int) value;
        }

        long nonNegativeLong(Node node, String key) {
            String text = nodes.scalar(node, "'" + key + "'");
            try {
                long value = Long.parseLong(text);
                if (value >= 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw nodes.error(node, "'" + key + "' must be a whole number >= 0, not '" + text + "'");
        }

        /** The mapping's entries by key; unknown and repeated keys are errors. */
        Map<String, NodeTuple> keys(MappingNode node, List<String> known, String what) {
            Map<String, NodeTuple> out = new LinkedHashMap<>();
            for (NodeTuple tuple : node.getValue()) {
                String key = nodes.scalar(tuple.getKeyNode(), "a key");
                if (!known.contains(key)) {
                    throw nodes.error(tuple.getKeyNode(), "unknown key '" + key + "' in " + what + "; known keys: "
                            + String.join(", ", known));
                }
                if (out.put(key, tuple) != null) {
                    throw nodes.error(tuple.getKeyNode(), "duplicate key '" + key + "'");
                }
            }
            return out;
        }

        String required(Map<String, NodeTuple> keys, String key, Node owner, String what) {
            NodeTuple tuple = keys.get(key);
            if (tuple == null) {
                throw nodes.error(owner, what + " has no '" + key + ":'");
            }
            String value = nodes.scalar(tuple.getValueNode(), "'" + key + "'");
            if (value.isBlank()) {
                throw nodes.error(tuple.getValueNode(), "'" + key + "' is empty");
            }
            return value.strip();
        }

        List<Node> list(Node node, String what) {
            if (YamlNodes.isNull(node)) {
                return List.of();
            }
            if (node instanceof SequenceNode s) {
                return s.getValue();
            }
            throw nodes.error(node, what + " must be a list, not a " + YamlNodes.kind(node));
        }
    }
}
