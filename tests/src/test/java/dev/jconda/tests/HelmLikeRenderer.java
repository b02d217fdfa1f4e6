package dev.jconda.tests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jconda.deploy.k8s.ManifestYaml;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the three template forms {@code jconda k8s} writes, the way Helm's text/template and Sprig would, so a
 * test can check that the chart with its default values gives back the plain manifests where Helm is not
 * installed: {@code {{ .Values.a.b }}}, {@code {{ .Values.a | quote }}} and
 * {@code key: {{- toYaml .Values.a | nindent N }}}. Any other action fails the test: it is not a Helm replacement.
 */
final class HelmLikeRenderer {
    private static final Pattern ACTION = Pattern.compile("(\\s*)\\{\\{(-?) ([^}]*?) }}");
    private static final Pattern SCALAR = Pattern.compile("\\.Values((?:\\.\\w+)+)( \\| quote)?");
    private static final Pattern BLOCK = Pattern.compile("toYaml \\.Values((?:\\.\\w+)+) \\| nindent (\\d+)");

    private HelmLikeRenderer() {
    }

    static String render(String template, JsonNode values) throws Exception {
        Matcher m = ACTION.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            boolean trimLeft = !m.group(2).isEmpty();
            String action = m.group(3);
            Matcher block = BLOCK.matcher(action);
            Matcher scalar = SCALAR.matcher(action);
            String replacement;
            if (block.matches()) {
                String yaml = ManifestYaml.mapper().writeValueAsString(at(values, block.group(1))).stripTrailing();
                String indent = " ".repeat(Integer.parseInt(block.group(2)));
                replacement = "\n" + indent + yaml.replace("\n", "\n" + indent);
            } else if (scalar.matches()) {
                JsonNode node = at(values, scalar.group(1));
                replacement = scalar.group(2) != null ? "\"" + node.asText().replace("\"", "\\\"") + "\""
                        : node.asText();
            } else {
                throw new AssertionError("not a form this renderer knows: {{ " + action + " }}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement((trimLeft ? "" : m.group(1)) + replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static JsonNode at(JsonNode values, String dotted) {
        JsonNode node = values.at(dotted.replace('.', '/'));
        if (node.isMissingNode()) {
            throw new AssertionError("values.yaml has no " + dotted);
        }
        return node;
    }
}
