package dev.jconda.lock;

import dev.jconda.spec.YamlNodes;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The rules a lockfile's values must follow before jconda uses them. A lock is read from a checkout, so a hostile one
 * must not steer file writes ({@code file: ../../x.jar} would be linked outside the prefix), downloads (a
 * {@code jar:} or {@code ftp:} URL) or the cache (a checksum that is not a checksum names a cache folder).
 */
final class LockEntryValidator {
    static final List<String> ENTRY_KEYS = List.of("name", "version", "kind", "build", "channel", "coordinates",
            "file", "url", "sha256", "sha1", "sha512", "size", "install", "extract", "requested", "depends",
            "source-channel", "checksum-source", "virtual-depends");
    private static final Set<String> URL_SCHEMES = Set.of("https", "http", "file");
    private static final Pattern PACKAGE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._+:-]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern SHA1 = Pattern.compile("[0-9a-fA-F]{40}");
    private static final Pattern SHA512 = Pattern.compile("[0-9a-fA-F]{128}");
    private static final Pattern INPUTS_HASH = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern SUBDIR = Pattern.compile("[a-z0-9]+(-[a-z0-9_]+)?");

    private final YamlNodes nodes;
    private final Consumer<String> warnings;

    LockEntryValidator(YamlNodes nodes, Consumer<String> warnings) {
        this.nodes = nodes;
        this.warnings = warnings;
    }

    /** The mapping's entries; a key twice is an error (YAML would silently keep the last). */
    List<NodeTuple> uniqueKeys(MappingNode mapping) {
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : mapping.getValue()) {
            String key = nodes.scalar(t.getKeyNode(), "a key");
            if (!seen.add(key)) {
                throw nodes.error(t.getKeyNode(), "duplicate key '" + key + "'");
            }
        }
        return mapping.getValue();
    }

    void unknownKey(Node keyNode, String key, List<String> known) {
        warnings.accept(nodes.where(keyNode) + ": unknown key '" + key + "' ignored (known: "
                + String.join(", ", known.stream().sorted().toList()) + ")");
    }

    int formatVersion(Node node) {
        String text = nodes.scalar(node, "'version'");
        if (!text.matches("[0-9]{1,6}")) {
            throw nodes.error(node, "'version' must be a number, not '" + text + "'");
        }
        int version = Integer.parseInt(text);
        if (version != LockFile.FORMAT_VERSION) {
            throw nodes.error(node, "lockfile format " + version + " is not supported; this jconda reads "
                    + LockFile.FORMAT_VERSION);
        }
        return version;
    }

    String environmentName(Node node) {
        String name = text(node, "'name'");
        if (!name.isEmpty()) {
            dev.jconda.prefix.EnvironmentName.problem(name).ifPresent(problem -> {
                throw nodes.error(node, problem);
            });
        }
        return name.isEmpty() ? null : name;
    }

    String inputsHash(Node node) {
        return matching(node, "'inputs-hash'", INPUTS_HASH, "sha256: and 64 hex digits");
    }

    String subdir(Node node) {
        return matching(node, "platform", SUBDIR, "a conda subdir such as linux-64");
    }

    List<String> strings(Node node, String what) {
        List<String> out = new ArrayList<>();
        for (Node item : nodes.sequence(node, what).getValue()) {
            out.add(text(item, "an entry of " + what));
        }
        return out;
    }

    /** One locked package, every field checked. */
    LockedPackage entry(Node node) {
        MappingNode mapping = nodes.mapping(node, "a locked package");
        Map<String, Node> fields = new HashMap<>();
        for (NodeTuple t : uniqueKeys(mapping)) {
            String key = nodes.scalar(t.getKeyNode(), "a key");
            if (ENTRY_KEYS.contains(key)) {
                fields.put(key, t.getValueNode());
            } else {
                unknownKey(t.getKeyNode(), key, ENTRY_KEYS);
            }
        }
        String name = matching(required(fields, "name", node), "'name'", PACKAGE_NAME,
                "letters, digits and . _ + : -");
        String version = text(required(fields, "version", node), "'version'");
        if (version.isEmpty() || version.contains("/") || version.contains("\\")) {
            throw nodes.error(fields.get("version"), "invalid version '" + printable(version) + "'");
        }
        LockedPackage.Kind kind = choice(required(fields, "kind", node), LockedPackage.Kind.class);
        LockedPackage.Install install = choice(required(fields, "install", node), LockedPackage.Install.class);
        String file = optional(fields, "file");
        String url = optional(fields, "url");
        String sha256 = optional(fields, "sha256").toLowerCase(Locale.ROOT);
        String sha1 = optional(fields, "sha1").toLowerCase(Locale.ROOT);
        String sha512 = optional(fields, "sha512").toLowerCase(Locale.ROOT);
        if (!file.isEmpty()) {
            plainFileName(fields.get("file"), file);
        }
        if (!url.isEmpty()) {
            url(fields.get("url"), url);
        }
        if (!sha256.isEmpty() && !SHA256.matcher(sha256).matches()) {
            throw nodes.error(fields.get("sha256"), "'sha256' must be 64 hex digits, not '" + printable(sha256) + "'");
        }
        if (!sha1.isEmpty() && !SHA1.matcher(sha1).matches()) {
            throw nodes.error(fields.get("sha1"), "'sha1' must be 40 hex digits, not '" + printable(sha1) + "'");
        }
        if (!sha512.isEmpty() && !SHA512.matcher(sha512).matches()) {
            throw nodes.error(fields.get("sha512"), "'sha512' must be 128 hex digits, not '" + printable(sha512)
                    + "'");
        }
        if (install != LockedPackage.Install.NONE) {
            if (file.isEmpty() || url.isEmpty()) {
                throw nodes.error(node, name + " " + version + " installs a file but has no 'file' and 'url'");
            }
            if (sha256.isEmpty() && sha1.isEmpty() && sha512.isEmpty()) {
                throw nodes.error(node, name + " " + version
                        + " has a file but no checksum ('sha256', 'sha512' or 'sha1')");
            }
        }
        String extract = optional(fields, "extract");
        if (!extract.isEmpty()) {
            relativePath(fields.get("extract"), extract);
        }
        List<String> depends = fields.containsKey("depends") ? strings(fields.get("depends"), "'depends'") : List.of();
        for (int i = 0; i < depends.size(); i++) {
            if (!PACKAGE_NAME.matcher(depends.get(i)).matches()) {
                throw nodes.error(nodes.sequence(fields.get("depends"), "'depends'").getValue().get(i),
                        "invalid package name '" + printable(depends.get(i)) + "' in 'depends'");
            }
        }
        List<String> virtualDepends = fields.containsKey("virtual-depends")
                ? strings(fields.get("virtual-depends"), "'virtual-depends'") : List.of();
        for (int i = 0; i < virtualDepends.size(); i++) {
            if (!virtualDepends.get(i).startsWith("__")) {
                throw nodes.error(nodes.sequence(fields.get("virtual-depends"), "'virtual-depends'").getValue().get(i),
                        "'virtual-depends' names virtual packages (__cuda, __glibc ...), not '"
                                + printable(virtualDepends.get(i)) + "'");
            }
        }
        return new LockedPackage(name, version, kind, optional(fields, "build"), optional(fields, "channel"),
                optional(fields, "coordinates"), file, url, sha256, sha1, size(fields.get("size")), install, extract,
                depends, bool(fields.get("requested")), optional(fields, "source-channel"),
                checksumSource(fields.get("checksum-source")), sha512, virtualDepends);
    }

    /** Absent in locks made before provenance was recorded; an unknown one is an error, not a guess. */
    private ChecksumSource checksumSource(Node node) {
        if (node == null) {
            return null;
        }
        String text = text(node, "'checksum-source'");
        return ChecksumSource.of(text).orElseThrow(() -> nodes.error(node, "unknown 'checksum-source' '"
                + printable(text) + "'"));
    }

    /** A mapping of plain strings, in file order ({@code variables:}, {@code serve:}). */
    Map<String, String> stringMap(Node node, String what) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (NodeTuple t : uniqueKeys(nodes.mapping(node, what))) {
            out.put(text(t.getKeyNode(), "a key of " + what), text(t.getValueNode(), "a value of " + what));
        }
        return out;
    }

    /** A name inside one folder: the cache and the prefix join it to their own paths. */
    private void plainFileName(Node node, String file) {
        boolean plain = !file.equals(".") && !file.equals("..") && !file.startsWith(".")
                && file.chars().noneMatch(c -> c == '/' || c == '\\' || c < 0x20 || c == 0x7f)
                && file.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 200;
        if (!plain) {
            throw nodes.error(node, "'file' must be a plain file name (no '/', '\\' or leading '.'), not '"
                    + printable(file) + "'");
        }
    }

    private void relativePath(Node node, String path) {
        boolean safe = !path.startsWith("/") && !path.contains("\\") && path.chars().noneMatch(c -> c < 0x20)
                && java.util.Arrays.stream(path.split("/")).noneMatch(".."::equals);
        if (!safe) {
            throw nodes.error(node, "'extract' must be a relative folder inside the archive, not '"
                    + printable(path) + "'");
        }
    }

    private void url(Node node, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw nodes.error(node, "invalid URL '" + printable(url) + "': " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!URL_SCHEMES.contains(scheme)) {
            throw nodes.error(node, "URL scheme '" + scheme + "' is not allowed (only https, http and file): '"
                    + printable(url) + "'");
        }
        if (!scheme.equals("file") && (uri.getHost() == null || uri.getUserInfo() != null)) {
            throw nodes.error(node, "URL '" + printable(url) + "' needs a host and must not carry credentials");
        }
    }

    private long size(Node node) {
        if (node == null) {
            return 0;
        }
        String text = nodes.scalar(node, "'size'");
        if (!text.matches("[0-9]{1,18}")) {
            throw nodes.error(node, "'size' must be a whole number of bytes, not '" + printable(text) + "'");
        }
        return Long.parseLong(text);
    }

    private boolean bool(Node node) {
        if (node == null) {
            return false;
        }
        String text = nodes.scalar(node, "'requested'");
        return switch (text) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw nodes.error(node, "'requested' must be true or false, not '" + printable(text) + "'");
        };
    }

    private <E extends Enum<E>> E choice(Node node, Class<E> type) {
        String text = nodes.scalar(node, "a value");
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(text)) {
                return e;
            }
        }
        List<String> allowed = java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        throw nodes.error(node, "'" + printable(text) + "' is not one of " + String.join(", ", allowed));
    }

    private String matching(Node node, String what, Pattern pattern, String expected) {
        String text = text(node, what);
        if (!pattern.matcher(text).matches()) {
            throw nodes.error(node, "invalid " + what + " '" + printable(text) + "': expected " + expected);
        }
        return text;
    }

    private Node required(Map<String, Node> fields, String key, Node entry) {
        Node value = fields.get(key);
        if (value == null) {
            throw nodes.error(entry, "a locked package needs '" + key + "'");
        }
        return value;
    }

    private String optional(Map<String, Node> fields, String key) {
        Node value = fields.get(key);
        return value == null ? "" : text(value, "'" + key + "'");
    }

    /** A scalar without control characters, which would let a lock forge lines of jconda's output. */
    private String text(Node node, String what) {
        String text = nodes.scalar(node, what);
        if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw nodes.error(node, what + " contains a control character");
        }
        return text;
    }

    private static String printable(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
