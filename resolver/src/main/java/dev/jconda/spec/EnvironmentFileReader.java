package dev.jconda.spec;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an environment file through SnakeYAML's node tree rather than plain maps, so every error can name the line
 * and column of the offending node.
 */
public final class EnvironmentFileReader {
    private static final Set<String> KNOWN_KEYS =
            Set.of("name", "channels", "channel-priority", "dependencies", "variables", "prefix", "platforms",
                    "serve", "system-requirements");

    private final MatchSpecParser specs = new MatchSpecParser();

    public EnvironmentFile read(Path file) {
        String display = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputError(display, 0, 0, "no such file");
        } catch (IOException e) {
            throw new InputError(display, 0, 0, "cannot read: " + e.getMessage());
        }
        return read(file, display, new StringReader(text));
    }

    public EnvironmentFile read(Path source, String display, Reader reader) {
        Node root = YamlNodes.compose(reader, display, new LoaderOptions());
        if (root == null) {
            throw new InputError(display, 1, 1, "the file is empty; expected a mapping with 'dependencies:'");
        }
        MappingNode top = new YamlNodes(display).mapping(root, "the top level");
        return new Builder(source, display).build(top);
    }

    private final class Builder {
        final Path source;
        final String display;
        String name;
        String prefix;
        final List<String> channels = new ArrayList<>();
        final List<SourcePosition> channelPositions = new ArrayList<>();
        final List<MatchSpec> dependencies = new ArrayList<>();
        final List<MatchSpec> maven = new ArrayList<>();
        final Map<String, String> variables = new LinkedHashMap<>();
        final List<String> platforms = new ArrayList<>();
        final Map<String, String> serve = new LinkedHashMap<>();
        final List<String> warnings = new ArrayList<>();
        final Map<String, String> requirements = new LinkedHashMap<>();
        final Map<String, Map<String, String>> platformRequirements = new LinkedHashMap<>();
        ChannelPriority channelPriority = ChannelPriority.STRICT;

        final YamlNodes nodes;

        Builder(Path source, String display) {
            this.source = source;
            this.display = display;
            this.nodes = new YamlNodes(display);
        }

        EnvironmentFile build(MappingNode top) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (NodeTuple tuple : top.getValue()) {
                String key = nodes.scalar(tuple.getKeyNode(), "a key");
                if (!seen.add(key)) {
                    throw nodes.error(tuple.getKeyNode(), "duplicate key '" + key + "'");
                }
                Node value = tuple.getValueNode();
                switch (key) {
                    case "name" -> {
                        name = nodes.scalar(value, "'name'");
                        if (!name.isEmpty()) {
                            dev.jconda.prefix.EnvironmentName.problem(name).ifPresent(problem -> {
                                throw nodes.error(value, problem);
                            });
                        }
                    }
                    case "prefix" -> prefix = nodes.scalar(value, "'prefix'");
                    case "channels" -> {
                        strings(value, "'channels'", channels);
                        for (Node item : nodes.sequence(value, "'channels'").getValue()) {
                            Mark m = item.getStartMark();
                            channelPositions.add(new SourcePosition(m.getLine() + 1, m.getColumn() + 1));
                        }
                    }
                    case "platforms" -> strings(value, "'platforms'", platforms);
                    case "channel-priority" -> channelPriority = channelPriority(value);
                    case "dependencies" -> dependencies(value);
                    case "variables" -> scalarMap(value, "'variables'", variables);
                    case "serve" -> scalarMap(value, "'serve'", serve);
                    case "system-requirements" -> systemRequirements(value);
                    default -> warnings.add(nodes.where(tuple.getKeyNode()) + ": unknown key '" + key
                            + "' ignored (known: " + String.join(", ", KNOWN_KEYS.stream().sorted().toList()) + ")");
                }
            }
            if (dependencies.isEmpty() && maven.isEmpty()) {
                warnings.add(display + ": no dependencies");
            }
            return new EnvironmentFile(source, name, channels, dependencies, maven, variables, prefix, platforms,
                    serve, warnings, channelPriority, new SystemRequirements(requirements, platformRequirements),
                    channelPositions);
        }

        void dependencies(Node node) {
            SequenceNode seq = nodes.sequence(node, "'dependencies'");
            for (Node item : seq.getValue()) {
                if (item instanceof MappingNode m) {
                    for (NodeTuple tuple : m.getValue()) {
                        String key = nodes.scalar(tuple.getKeyNode(), "a key");
                        if (key.equals("maven")) {
                            for (Node spec : nodes.sequence(tuple.getValueNode(), "'maven'").getValue()) {
                                MatchSpec parsed = spec(spec);
                                if (!parsed.isMaven()) {
                                    throw nodes.error(spec, "'" + parsed.text()
                                            + "' is not a Maven coordinate; expected group:artifact[=version]");
                                }
                                maven.add(parsed);
                            }
                        } else {
                            throw nodes.error(tuple.getKeyNode(), "unknown dependency section '" + key
                                    + "'; only 'maven:' is supported (as conda's 'pip:')");
                        }
                    }
                } else {
                    dependencies.add(spec(item));
                }
            }
        }

        /** Entries ({@code cuda: "12.4"}) and, under a platform subdir, entries for that platform only. */
        void systemRequirements(Node node) {
            for (NodeTuple tuple : nodes.mapping(node, "'system-requirements'").getValue()) {
                String key = nodes.scalar(tuple.getKeyNode(), "a key of 'system-requirements'");
                if (SystemRequirements.KEYS.contains(key)) {
                    requirements.put(key, requirementValue(tuple.getValueNode(), key));
                    continue;
                }
                try {
                    dev.jconda.platform.Platform.fromSubdir(key);
                } catch (IllegalArgumentException e) {
                    throw nodes.error(tuple.getKeyNode(), "unknown system requirement '" + key + "' (known: "
                            + String.join(", ", SystemRequirements.KEYS.stream().sorted().toList())
                            + ", or a platform such as linux-64 with its own entries)");
                }
                Map<String, String> entries = new LinkedHashMap<>();
                for (NodeTuple inner : nodes.mapping(tuple.getValueNode(), "'" + key + "'").getValue()) {
                    String k = nodes.scalar(inner.getKeyNode(), "a key of '" + key + "'");
                    if (!SystemRequirements.KEYS.contains(k)) {
                        throw nodes.error(inner.getKeyNode(), "unknown system requirement '" + k + "' (known: "
                                + String.join(", ", SystemRequirements.KEYS.stream().sorted().toList()) + ")");
                    }
                    entries.put(k, requirementValue(inner.getValueNode(), k));
                }
                platformRequirements.put(key, entries);
            }
        }

        String requirementValue(Node node, String key) {
            String value = nodes.scalar(node, "the value of '" + key + "'");
            if (!key.equals("archspec") && !value.matches("\\d+(\\.\\d+)*")) {
                throw nodes.error(node, "system requirement " + key + ": '" + value
                        + "' is not a version such as \"12.4\"");
            }
            return value;
        }

        ChannelPriority channelPriority(Node node) {
            String text = nodes.scalar(node, "'channel-priority'");
            return ChannelPriority.parse(text).orElseThrow(() -> nodes.error(node, "channel-priority '" + text
                    + "' is not one of strict, flexible, disabled"));
        }

        MatchSpec spec(Node node) {
            String text = nodes.scalar(node, "a dependency");
            Mark mark = node.getStartMark();
            return specs.parse(text, display, mark.getLine() + 1, mark.getColumn() + 1 + YamlNodes.quoteOffset(node));
        }

        void strings(Node node, String what, List<String> into) {
            for (Node item : nodes.sequence(node, what).getValue()) {
                into.add(nodes.scalar(item, "an entry of " + what));
            }
        }

        void scalarMap(Node node, String what, Map<String, String> into) {
            for (NodeTuple tuple : nodes.mapping(node, what).getValue()) {
                into.put(nodes.scalar(tuple.getKeyNode(), "a key of " + what), nodes.scalar(tuple.getValueNode(),
                        "the value of " + nodes.scalar(tuple.getKeyNode(), "a key")));
            }
        }
    }
}
