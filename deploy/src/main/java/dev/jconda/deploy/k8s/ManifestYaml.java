package dev.jconda.deploy.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * YAML for fabric8's objects, and Helm templates made from them: a template is the typed object serialised, with
 * chosen fields ("holes", by JSON pointer) replaced by Helm expressions on the values. Only whole scalar or block
 * values are replaced, never text inside them, so a template renders to the same shape the model library wrote.
 */
public final class ManifestYaml {
    private static final YAMLMapper MAPPER = YAMLMapper.builder(new YAMLFactory()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    // "8000" as an annotation value must stay a string, not become a number
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR))
            .build();

    private ManifestYaml() {
    }

    public static YAMLMapper mapper() {
        return MAPPER;
    }

    public static String yaml(Object manifest) {
        try {
            return MAPPER.writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + manifest.getClass().getSimpleName(), e);
        }
    }

    /** A Helm expression put in place of a field: inline ({@code replicas: {{ .Values.replicaCount }}}) or a block. */
    public record Hole(String pointer, String expression, boolean block) {
        public static Hole scalar(String pointer, String expression) {
            return new Hole(pointer, expression, false);
        }

        /** A map or list from the values, written with toYaml at the field's indentation. */
        public static Hole block(String pointer, String valuesPath) {
            return new Hole(pointer, "toYaml " + valuesPath, true);
        }
    }

    /** The manifest as a Helm template with the given holes. */
    public static String template(Object manifest, Hole... holes) {
        JsonNode tree = MAPPER.valueToTree(manifest);
        Map<String, Hole> marks = new LinkedHashMap<>();
        for (int i = 0; i < holes.length; i++) {
            Hole hole = holes[i];
            String mark = "jconda-hole-" + i;
            com.fasterxml.jackson.core.JsonPointer pointer = com.fasterxml.jackson.core.JsonPointer.compile(
                    hole.pointer());
            JsonNode parent = tree.at(pointer.head());
            if (!(parent instanceof ObjectNode object)) {
                throw new IllegalArgumentException("no object at " + pointer.head() + " for " + hole.pointer());
            }
            object.set(pointer.last().getMatchingProperty(), TextNode.valueOf(mark));
            marks.put(mark, hole);
        }
        String text;
        try {
            text = MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String replaced = line;
            for (Map.Entry<String, Hole> m : marks.entrySet()) {
                int at = line.indexOf(": " + m.getKey());
                if (at >= 0 && line.endsWith(m.getKey())) {
                    int indent = line.length() - line.stripLeading().length();
                    if (line.stripLeading().startsWith("- ")) {
                        indent += 2;   // the key of a list item sits after its dash
                    }
                    Hole hole = m.getValue();
                    replaced = line.substring(0, at + 1) + (hole.block()
                            ? " {{- " + hole.expression() + " | nindent " + (indent + 2) + " }}"
                            : " {{ " + hole.expression() + " }}");
                }
            }
            out.append(replaced).append('\n');
        }
        return out.toString().stripTrailing() + "\n";
    }
}
