package dev.jconda.tests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jconda.deploy.k8s.ManifestYaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The rules of {@code helm lint} that can be checked without Helm (it is not installable here): Chart.yaml's
 * (Helm's {@code pkg/lint/rules/chartfile.go}: a parsable file of known fields, apiVersion v1 or v2, a lowercase
 * name of letters, digits and dashes, a SemVer version and string versions, a type only in v2), every
 * {@code .Values.x} a template reads defined in values.yaml, and, beyond lint, every value read by some template
 * (a value nothing reads is a setting that silently does nothing). Rendering is checked apart, by
 * {@link HelmLikeRenderer} against the plain manifests.
 */
final class ChartRules {
    /** The fields of Helm's chart metadata: anything else fails Helm's strict parse. */
    private static final Set<String> CHART_FIELDS = Set.of("apiVersion", "name", "version", "kubeVersion",
            "description", "type", "keywords", "home", "sources", "dependencies", "maintainers", "icon", "appVersion",
            "deprecated", "annotations");
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
    /** SemVer 2.0.0 (semver.org's grammar), which Helm requires of a chart's version. */
    private static final Pattern SEMVER = Pattern.compile("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
            + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
            + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");
    private static final Pattern VALUES_REFERENCE = Pattern.compile("\\.Values((?:\\.\\w+)+)");

    private ChartRules() {
    }

    /** What is wrong with the chart in {@code dir}, one line each; empty when nothing is. */
    static List<String> problems(Path dir) throws IOException {
        List<String> problems = new ArrayList<>();
        JsonNode chart = ManifestYaml.mapper().readTree(dir.resolve("Chart.yaml").toFile());
        chart.fieldNames().forEachRemaining(f -> {
            if (!CHART_FIELDS.contains(f)) {
                problems.add("Chart.yaml: unknown field " + f);
            }
        });
        String apiVersion = chart.path("apiVersion").asText();
        if (!apiVersion.equals("v2") && !apiVersion.equals("v1")) {
            problems.add("Chart.yaml: apiVersion must be v1 or v2, not '" + apiVersion + "'");
        }
        if (!NAME.matcher(chart.path("name").asText()).matches()) {
            problems.add("Chart.yaml: name '" + chart.path("name").asText()
                    + "' must be lowercase letters, digits and dashes");
        }
        if (!chart.path("version").isTextual() || !SEMVER.matcher(chart.path("version").asText()).matches()) {
            problems.add("Chart.yaml: version '" + chart.path("version").asText() + "' is not a SemVer string");
        }
        if (chart.has("appVersion") && !chart.get("appVersion").isTextual()) {
            problems.add("Chart.yaml: appVersion must be a string");
        }
        if (chart.has("type") && (!apiVersion.equals("v2")
                || !Set.of("application", "library").contains(chart.get("type").asText()))) {
            problems.add("Chart.yaml: type must be application or library, and only in apiVersion v2");
        }

        JsonNode values = ManifestYaml.mapper().readTree(dir.resolve("values.yaml").toFile());
        Set<String> read = new TreeSet<>();
        List<Path> templates;
        try (Stream<Path> files = Files.list(dir.resolve("templates"))) {
            templates = files.sorted().toList();
        }
        if (templates.isEmpty()) {
            problems.add("templates/: no templates");
        }
        for (Path template : templates) {
            Matcher m = VALUES_REFERENCE.matcher(Files.readString(template));
            while (m.find()) {
                String path = m.group(1);
                read.add(path.substring(1).split("\\.")[0]);
                if (values.at(path.replace('.', '/')).isMissingNode()) {
                    problems.add("templates/" + template.getFileName() + ": .Values" + path
                            + " is not in values.yaml");
                }
            }
        }
        values.fieldNames().forEachRemaining(key -> {
            if (!read.contains(key)) {
                problems.add("values.yaml: " + key + " is read by no template");
            }
        });
        return problems;
    }
}
