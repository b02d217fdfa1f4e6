package dev.jconda.lock;

import dev.jconda.spec.InputError;
import dev.jconda.spec.YamlNodes;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads {@code jconda-lock.yml}. A lockfile arrives in pull requests, so it is untrusted input: every value is checked
 * by {@link LockEntryValidator} before anything uses it, and each problem is an {@link InputError} at its
 * {@code file:line:column}; unknown keys are warnings, as in environment files.
 */
public final class LockFileReader {
    static final List<String> TOP_KEYS = List.of("version", "name", "inputs-hash", "channels", "specs", "variables",
            "serve", "system-requirements", "platforms");

    public LockFile read(Path file) {
        return read(file, warning -> { });
    }

    /** @param warnings receives one line per ignored key, with its {@code file:line:column} */
    public LockFile read(Path file, Consumer<String> warnings) {
        String display = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputError(display, 0, 0, "no such lockfile");
        } catch (IOException e) {
            throw new InputError(display, 0, 0, "cannot read: " + e.getMessage());
        }
        return parse(text, display, warnings);
    }

    /** A lockfile's text, read from somewhere other than a file of its own (a revision kept in the history). */
    public static LockFile parse(String text, String display) {
        return parse(text, display, warning -> { });
    }

    private static LockFile parse(String text, String display, Consumer<String> warnings) {
        Node root = YamlNodes.compose(new StringReader(text), display, new LoaderOptions());
        if (root == null) {
            throw new InputError(display, 1, 1, "the lockfile is empty");
        }
        return parse(new YamlNodes(display), root, warnings);
    }

    /** True when the file looks like a lockfile rather than an environment file. */
    public static boolean looksLikeLockFile(Path file) {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.limit(5).anyMatch(l -> l.startsWith("# jconda lockfile") || l.startsWith("inputs-hash:"));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    private static LockFile parse(YamlNodes nodes, Node root, Consumer<String> warnings) {
        LockEntryValidator check = new LockEntryValidator(nodes, warnings);
        MappingNode top = nodes.mapping(root, "a lockfile");
        Integer version = null;
        String name = null;
        String inputsHash = null;
        List<String> channels = List.of();
        List<String> specs = List.of();
        Map<String, String> variables = Map.of();
        Map<String, String> serve = Map.of();
        TreeMap<String, Map<String, String>> systemRequirements = new TreeMap<>();
        TreeMap<String, List<LockedPackage>> platforms = null;
        for (NodeTuple t : check.uniqueKeys(top)) {
            String key = nodes.scalar(t.getKeyNode(), "a key");
            Node value = t.getValueNode();
            switch (key) {
                case "version" -> version = check.formatVersion(value);
                case "name" -> name = check.environmentName(value);
                case "inputs-hash" -> inputsHash = check.inputsHash(value);
                case "channels" -> channels = check.strings(value, "'channels'");
                case "specs" -> specs = check.strings(value, "'specs'");
                case "variables" -> variables = check.stringMap(value, "'variables'");
                case "serve" -> serve = check.stringMap(value, "'serve'");
                case "system-requirements" -> {
                    for (NodeTuple p : check.uniqueKeys(nodes.mapping(value, "'system-requirements'"))) {
                        systemRequirements.put(check.subdir(p.getKeyNode()),
                                check.stringMap(p.getValueNode(), "'system-requirements'"));
                    }
                }
                case "platforms" -> platforms = platforms(nodes, check, value);
                default -> check.unknownKey(t.getKeyNode(), key, TOP_KEYS);
            }
        }
        if (version == null) {
            throw nodes.error(root, "not a jconda lockfile: missing 'version'");
        }
        if (inputsHash == null) {
            throw nodes.error(root, "not a jconda lockfile: missing 'inputs-hash'");
        }
        if (platforms == null) {
            throw nodes.error(root, "not a jconda lockfile: missing 'platforms'");
        }
        return new LockFile(version, name, inputsHash, channels, specs, platforms,
                new LockFile.RunSettings(variables, serve), systemRequirements);
    }

    private static TreeMap<String, List<LockedPackage>> platforms(YamlNodes nodes, LockEntryValidator check,
                                                                  Node value) {
        TreeMap<String, List<LockedPackage>> platforms = new TreeMap<>();
        for (NodeTuple p : check.uniqueKeys(nodes.mapping(value, "'platforms'"))) {
            String subdir = check.subdir(p.getKeyNode());
            List<LockedPackage> packages = new ArrayList<>();
            for (NodeTuple s : check.uniqueKeys(nodes.mapping(p.getValueNode(), "platform '" + subdir + "'"))) {
                String key = nodes.scalar(s.getKeyNode(), "a key");
                if (!key.equals("packages")) {
                    check.unknownKey(s.getKeyNode(), key, List.of("packages"));
                    continue;
                }
                for (Node entry : nodes.sequence(s.getValueNode(), "'packages'").getValue()) {
                    packages.add(check.entry(entry));
                }
            }
            platforms.put(subdir, packages);
        }
        return platforms;
    }
}
