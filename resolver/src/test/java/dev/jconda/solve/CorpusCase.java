package dev.jconda.solve;

import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Requirement;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One case of the solver corpus ({@code src/test/resources/solver-corpus/*.yml}): a package universe, a request,
 * and what the solver must answer. See README.md in that folder for the format.
 */
record CorpusCase(String file, String name, InMemoryProvider provider, SolveRequest request, Expected expected) {

    /**
     * @param solution      "name version [build]" of every chosen package (virtual ones only when listed)
     * @param order         names in solve order, when the case checks it
     * @param dependencies  name to required names, for the packages listed
     * @param unsatisfiable substrings the explanation must contain; null when a solution is expected
     * @param explanation   the whole explanation, when the case pins it (it implies no solution)
     * @param neverListed   names whose full candidate list must not be read
     */
    record Expected(List<String> solution, List<String> order, Map<String, List<String>> dependencies,
                    List<String> unsatisfiable, String explanation, List<String> neverListed) {
    }

    @Override
    public String toString() {
        return file + ": " + name;
    }

    static Stream<CorpusCase> all() throws IOException, URISyntaxException {
        Path folder = Path.of(CorpusCase.class.getResource("/solver-corpus").toURI());
        List<CorpusCase> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    List<Map<String, Object>> entries = new Yaml().load(in);
                    for (Map<String, Object> entry : entries) {
                        cases.add(parse(file.getFileName().toString(), entry));
                    }
                }
            }
        }
        return cases.stream();
    }

    private static CorpusCase parse(String file, Map<String, Object> c) {
        InMemoryProvider provider = new InMemoryProvider();
        addPackages(provider, "main", list(c.get("packages")));
        for (Object channel : list(c.get("channels"))) {
            Map<String, Object> ch = map(channel);
            addPackages(provider, (String) ch.get("name"), list(ch.get("packages")));
        }
        for (Object v : list(c.get("virtual"))) {
            provider.addVirtual((String) v);
        }
        Map<PackageName, Package> installed = new LinkedHashMap<>();
        for (Object i : list(c.get("installed"))) {
            Package p = provider.find((String) i)
                    .orElseThrow(() -> new IllegalArgumentException("installed package not in any channel: " + i));
            installed.put(p.name(), p);
        }
        List<Requirement> roots = new ArrayList<>();
        for (Object r : list(c.get("roots"))) {
            roots.add(FixtureSpec.requirement((String) r, "environment.yml"));
        }
        List<Requirement> pins = new ArrayList<>();
        for (Object p : list(c.get("pins"))) {
            pins.add(FixtureSpec.requirement((String) p, "pinned"));
        }
        Map<String, Object> e = map(c.get("expect"));
        Map<String, List<String>> dependencies = new LinkedHashMap<>();
        if (e.get("dependencies") != null) {
            map(e.get("dependencies")).forEach((k, v) -> dependencies.put(k, strings(v)));
        }
        Expected expected = new Expected(
                e.containsKey("solution") ? strings(e.get("solution")) : null,
                e.containsKey("order") ? strings(e.get("order")) : null,
                dependencies,
                e.containsKey("unsatisfiable") || e.containsKey("explanation")
                        ? strings(e.get("unsatisfiable"))
                        : null,
                (String) e.get("explanation"),
                strings(e.get("never_listed")));
        if ((expected.solution() == null) == (expected.unsatisfiable() == null)) {
            throw new IllegalArgumentException(c.get("name") + ": expect either solution or unsatisfiable");
        }
        return new CorpusCase(file, (String) c.get("name"), provider,
                new SolveRequest(roots, installed, pins), expected);
    }

    /**
     * A package is "name version [build]", optionally with its depends: {"a 1.0": [b]} or
     * {pkg:, depends:, constrains:}.
     */
    private static void addPackages(InMemoryProvider provider, String channel, List<Object> packages) {
        for (Object p : packages) {
            if (p instanceof String spec) {
                provider.add(channel, spec, List.of(), List.of());
            } else {
                Map<String, Object> m = map(p);
                if (m.containsKey("pkg")) {
                    provider.add(channel, (String) m.get("pkg"), strings(m.get("depends")),
                            strings(m.get("constrains")));
                } else if (m.size() == 1) {
                    Map.Entry<String, Object> only = m.entrySet().iterator().next();
                    provider.add(channel, only.getKey(), strings(only.getValue()), List.of());
                } else {
                    throw new IllegalArgumentException("cannot read package " + p);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        for (Object x : list(o)) {
            out.add(String.valueOf(x));
        }
        return out;
    }
}
