package dev.jconda.cli.workflow;

import dev.jconda.lock.LockedPackage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The requirement graph of an installed environment, from the {@code depends:} its lock records: down from what the
 * user asked for ({@code jconda tree}), or up from one package to the specs that brought it in
 * ({@code jconda tree --invert}, as {@code pixi tree --invert} and {@code uv tree --invert}).
 */
public final class PackageTree {
    /** One node: a package and its children; {@code repeated} when it was shown in full earlier (its children are not repeated). */
    public record Node(LockedPackage pkg, boolean repeated, List<Node> children) {
        public Node {
            children = List.copyOf(children);
        }
    }

    private final Map<String, LockedPackage> byName = new LinkedHashMap<>();
    private final Map<String, List<String>> dependents = new LinkedHashMap<>();

    public PackageTree(List<LockedPackage> packages) {
        packages.forEach(p -> byName.put(p.name(), p));
        for (LockedPackage p : packages) {
            for (String d : p.depends()) {
                dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(p.name());
            }
        }
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** Top-down, from the packages the environment's specs named (or, in a lock without that mark, from those nothing requires). */
    public List<Node> fromRoots() {
        List<LockedPackage> roots = byName.values().stream().filter(LockedPackage::requested).toList();
        if (roots.isEmpty()) {
            roots = byName.values().stream().filter(p -> !dependents.containsKey(p.name())).toList();
        }
        Set<String> shown = new HashSet<>();
        return roots.stream().map(r -> down(r, shown, new HashSet<>())).toList();
    }

    private Node down(LockedPackage p, Set<String> shown, Set<String> path) {
        if (!shown.add(p.name()) || !path.add(p.name())) {
            return new Node(p, true, List.of());
        }
        List<Node> children = p.depends().stream().map(byName::get).filter(java.util.Objects::nonNull)
                .map(c -> down(c, shown, path)).toList();
        path.remove(p.name());
        return new Node(p, false, children);
    }

    /** Bottom-up: {@code name} and, under it, each package that requires it, up to the requested ones. */
    public Node invert(String name) {
        return up(byName.get(name), new HashSet<>());
    }

    private Node up(LockedPackage p, Set<String> path) {
        if (!path.add(p.name())) {
            return new Node(p, true, List.of());
        }
        List<Node> parents = dependents.getOrDefault(p.name(), List.of()).stream().map(byName::get)
                .filter(java.util.Objects::nonNull).map(d -> up(d, path)).toList();
        path.remove(p.name());
        return new Node(p, false, parents);
    }

    /** The tree drawn as {@code pixi tree} does, one package a line. */
    public static List<String> render(List<Node> roots) {
        List<String> out = new ArrayList<>();
        for (Node root : roots) {
            out.add(label(root));
            draw(root.children(), "", out);
        }
        return out;
    }

    private static void draw(List<Node> nodes, String indent, List<String> out) {
        for (int i = 0; i < nodes.size(); i++) {
            boolean last = i == nodes.size() - 1;
            Node n = nodes.get(i);
            out.add(indent + (last ? "└── " : "├── ") + label(n));
            draw(n.children(), indent + (last ? "    " : "│   "), out);
        }
    }

    private static String label(Node n) {
        return n.pkg().name() + " " + PackageDiff.describe(n.pkg()) + (n.repeated() ? " (*)" : "")
                + (n.pkg().requested() ? " [requested]" : "");
    }
}
