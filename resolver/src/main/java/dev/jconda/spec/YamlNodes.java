package dev.jconda.spec;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Typed reads from SnakeYAML's node tree for jconda's YAML files (environment files, channel indexes): each wrong
 * shape becomes a {@link InputError} at the node's own line and column in {@code display}.
 */
public record YamlNodes(String display) {

    /**
     * Parses YAML into its node tree (null for an empty document); duplicate keys and syntax errors are one-line
     * {@link InputError}s at the problem's line and column.
     */
    public static Node compose(java.io.Reader reader, String display, LoaderOptions options) {
        options.setAllowDuplicateKeys(false);
        try {
            // what Yaml.compose does, without the Yaml facade: it builds a constructor and a representer this never
            // uses, 20 ms of a new JVM before every lockfile's parse (bench/README.md, ninth round)
            return new Composer(new ParserImpl(new StreamReader(reader), options), new Resolver(), options)
                    .getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new InputError(display, mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1, "malformed YAML: " + oneLine(problem));
        } catch (YAMLException e) {
            throw new InputError(display, 0, 0, "malformed YAML: " + oneLine(e.getMessage()));
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }

    public MappingNode mapping(Node node, String what) {
        if (node instanceof MappingNode m) {
            return m;
        }
        throw error(node, what + " must be a mapping (key: value), not a " + kind(node));
    }

    public SequenceNode sequence(Node node, String what) {
        if (node instanceof SequenceNode s) {
            return s;
        }
        throw error(node, what + " must be a list, not a " + kind(node));
    }

    /** A scalar's text; an explicit or empty YAML null is the empty string. */
    public String scalar(Node node, String what) {
        if (node instanceof ScalarNode s) {
            return isNull(s) ? "" : s.getValue();
        }
        throw error(node, what + " must be a single value, not a " + kind(node));
    }

    public InputError error(Node node, String reason) {
        Mark m = node.getStartMark();
        return new InputError(display, m.getLine() + 1, m.getColumn() + 1, reason);
    }

    /** {@code file:line:column} of a node, for warnings. */
    public String where(Node node) {
        Mark m = node.getStartMark();
        return display + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
    }

    public static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    /** 1 for a quoted scalar, whose text starts one column after the node. */
    public static int quoteOffset(Node node) {
        return node instanceof ScalarNode s && s.getScalarStyle() != null
                && s.getScalarStyle().getChar() != null ? 1 : 0;
    }

    public static String kind(Node node) {
        return switch (node) {
            case MappingNode m -> "mapping";
            case SequenceNode s -> "list";
            case ScalarNode s -> "value";
            default -> node.getNodeId().name();
        };
    }
}
