package dev.jconda.solve;

import dev.jconda.model.Package;
import dev.jconda.model.PackageName;
import dev.jconda.model.Version;
import dev.jconda.model.VersionConstraint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes why no solution exists, from the derivation tree of the failure: the provider facts it rests on, told
 * as a story from the environment file down ("environment.yml wants a>=2; a 2.0 depends on b<1.5;
 * environment.yml wants b>=1.6"), then what they add up to ("no version of b satisfies both").
 */
final class Explanation {
    /** Past this, a user stops reading; the rest are usually more versions failing the same way. */
    private static final int MOST_SENTENCES = 40;
    private static final int MOST_LISTED_VERSIONS = 6;
    private static final int MOST_NAMED_CLASHES = 3;

    /** Facts that read as one sentence: versions of one package asking the same thing of another. */
    private record Group(int depender, boolean constrains, int dependee, String constraint,
                         List<IncompatibilityCause.Dependency> facts) {
        /** Candidates in the order the provider offered them, then requirements in the order they were read. */
        long storyOrder() {
            int candidate = facts.stream().mapToInt(IncompatibilityCause.Dependency::candidate).min().orElse(0);
            int order = facts.stream().mapToInt(IncompatibilityCause.Dependency::order).min().orElse(0);
            return ((long) candidate << 32) | order;
        }
    }

    private final KnownPackages known;

    private Explanation(KnownPackages known) {
        this.known = known;
    }

    static String of(Incompatibility failure, KnownPackages known) {
        return new Explanation(known).write(failure);
    }

    private String write(Incompatibility failure) {
        Set<IncompatibilityCause.Dependency> facts = new LinkedHashSet<>();
        List<IncompatibilityCause.Derived> derivations = new ArrayList<>();
        collect(failure, facts, derivations);

        List<Group> story = story(group(facts));
        Set<Integer> clashes = clashes(story, derivations);
        List<String> sentences = new ArrayList<>();
        for (Group g : shortened(story, clashes)) {
            sentences.add(sentence(g));
        }
        if (story.size() > MOST_SENTENCES) {
            sentences.add("and " + (story.size() - MOST_SENTENCES) + " more like these");
        }
        String text = sentences.isEmpty() ? "no solution exists" : String.join("; ", sentences);
        String conclusion = conclusion(story, clashes, derivations);
        return conclusion == null ? text : text + ": " + conclusion;
    }

    /**
     * At most {@link #MOST_SENTENCES} of the story, in story order: up to half for the sentences about the
     * clashing packages, which is where the problem is (taken in turn from each package that asks, so every side
     * of a clash is told), and the rest from the beginning, where the environment file asks.
     */
    private static List<Group> shortened(List<Group> story, Set<Integer> clashes) {
        if (story.size() <= MOST_SENTENCES) {
            return story;
        }
        Map<List<Object>, ArrayDeque<Group>> byAsker = new LinkedHashMap<>();
        for (Group g : story) {
            if (clashes.contains(g.dependee())) {
                byAsker.computeIfAbsent(List.of(g.dependee(), asker(g)), k -> new ArrayDeque<>()).add(g);
            }
        }
        Set<Group> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        while (kept.size() < MOST_SENTENCES / 2 && !byAsker.isEmpty()) {
            var sides = byAsker.values().iterator();
            while (sides.hasNext() && kept.size() < MOST_SENTENCES / 2) {
                ArrayDeque<Group> side = sides.next();
                kept.add(side.poll());
                if (side.isEmpty()) {
                    sides.remove();
                }
            }
        }
        for (Group g : story) {
            if (kept.size() == MOST_SENTENCES) {
                break;
            }
            kept.add(g);
        }
        return story.stream().filter(kept::contains).toList();
    }

    /** The provider facts and derivations under {@code failure}, children before parents; no recursion. */
    private static void collect(Incompatibility failure, Set<IncompatibilityCause.Dependency> facts,
                                List<IncompatibilityCause.Derived> derivations) {
        Map<Incompatibility, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[]{failure, false});
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            Incompatibility incompatibility = (Incompatibility) top[0];
            boolean childrenDone = (Boolean) top[1];
            switch (incompatibility.cause()) {
                case IncompatibilityCause.Derived d -> {
                    if (childrenDone) {
                        derivations.add(d);
                    } else if (seen.put(incompatibility, Boolean.TRUE) == null) {
                        stack.push(new Object[]{incompatibility, true});
                        stack.push(new Object[]{d.other(), false});
                        stack.push(new Object[]{d.conflict(), false});
                    }
                }
                case IncompatibilityCause.Dependency d -> facts.add(d);
                case IncompatibilityCause.Root r -> {
                }
            }
        }
    }

    private static List<Group> group(Set<IncompatibilityCause.Dependency> facts) {
        Map<List<Object>, Group> groups = new LinkedHashMap<>();
        for (IncompatibilityCause.Dependency d : facts) {
            List<Object> key = List.of(d.depender(), d.constrains(), d.dependee(), d.requirement().constraint(),
                    d.depender() == Incompatibility.ROOT ? d.requirement().requiredBy() : "");
            groups.computeIfAbsent(key, k -> new Group(d.depender(), d.constrains(), d.dependee(),
                    d.requirement().constraint().toString(), new ArrayList<>())).facts().add(d);
        }
        return new ArrayList<>(groups.values());
    }

    /**
     * Orders the sentences as a walk from the environment file: each requirement, then what the required
     * package asks for in turn, so a chain reads in the order a user would follow it.
     */
    private static List<Group> story(List<Group> groups) {
        Map<Integer, List<Group>> byDepender = new HashMap<>();
        for (Group g : groups) {
            byDepender.computeIfAbsent(g.depender(), k -> new ArrayList<>()).add(g);
        }
        for (List<Group> list : byDepender.values()) {
            list.sort(Comparator.comparingLong(Group::storyOrder));
        }
        List<Group> story = new ArrayList<>(groups.size());
        Set<Integer> visited = new LinkedHashSet<>();
        ArrayDeque<int[]> walk = new ArrayDeque<>(); // {package, next group index}
        visited.add(Incompatibility.ROOT);
        walk.push(new int[]{Incompatibility.ROOT, 0});
        while (!walk.isEmpty()) {
            int[] top = walk.peek();
            List<Group> out = byDepender.getOrDefault(top[0], List.of());
            if (top[1] >= out.size()) {
                walk.pop();
                continue;
            }
            Group g = out.get(top[1]++);
            story.add(g);
            if (visited.add(g.dependee())) {
                walk.push(new int[]{g.dependee(), 0});
            }
        }
        Set<Group> told = Collections.newSetFromMap(new IdentityHashMap<>());
        told.addAll(story);
        for (Group g : groups) {
            if (!told.contains(g)) {
                story.add(g);
            }
        }
        return story;
    }

    private String sentence(Group g) {
        KnownCandidates dependee = known.get(g.dependee());
        IncompatibilityCause.Dependency first = g.facts().getFirst();
        VersionConstraint constraint = first.requirement().constraint();
        boolean fromFile = g.depender() == Incompatibility.ROOT;
        boolean plural = g.facts().size() > 1 && !fromFile;
        String who = plural ? candidates(g) : first.requirement().requiredBy();
        PackageName name = dependee.name();
        if (g.constrains()) {
            return fromFile
                    ? who + " pins " + spec(name, constraint)
                    : who + (plural ? " constrain " : " constrains ") + name + " to " + versions(constraint);
        }
        boolean virtual = name.isVirtual();
        String verb = virtual ? (plural ? " need " : " needs ") : fromFile ? " wants "
                : plural ? " depend on " : " depends on ";
        return who + verb + spec(name, constraint) + unavailability(dependee, constraint);
    }

    /** Why nothing satisfies a requirement, when that is the case; empty otherwise. */
    private static String unavailability(KnownCandidates dependee, VersionConstraint constraint) {
        if (!dependee.matching(constraint).isEmpty()) {
            return "";
        }
        PackageName name = dependee.name();
        if (name.isVirtual()) {
            if (dependee.all().isEmpty()) {
                return ", but this machine has no " + name + " (set JCONDA_OVERRIDE_"
                        + name.value().substring(2).toUpperCase(Locale.ROOT) + " to pretend one)";
            }
            List<String> present = new ArrayList<>();
            for (Package p : dependee.all()) {
                present.add(p.display());
            }
            return ", but this machine has " + String.join(", ", present);
        }
        if (dependee.all().isEmpty()) {
            return name.isMaven()
                    ? ", but no Maven repository has " + name
                    : ", but no channel has a package named " + name;
        }
        return ", which does not exist (" + name + " has " + summary(dependee) + ")";
    }

    private static String summary(KnownCandidates candidates) {
        TreeSet<Version> versions = new TreeSet<>();
        for (Package p : candidates.all()) {
            versions.add(p.version());
        }
        if (versions.size() <= MOST_LISTED_VERSIONS) {
            List<String> texts = versions.stream().map(Version::toString).toList();
            return String.join(", ", texts);
        }
        return versions.size() + " versions, from " + versions.first() + " to " + versions.last();
    }

    /** "a 1.0, 1.1 and 2.0": the depending candidates of a group, oldest first. */
    private String candidates(Group g) {
        KnownCandidates depender = known.get(g.depender());
        List<Package> packages = new ArrayList<>();
        for (IncompatibilityCause.Dependency d : g.facts()) {
            packages.add(depender.get(d.candidate()));
        }
        packages.sort(Comparator.comparing(Package::version));
        String prefix = depender.name() + " ";
        List<String> parts = new ArrayList<>();
        for (Package p : packages) {
            String display = p.display();
            parts.add(display.startsWith(prefix) ? display.substring(prefix.length()) : display);
        }
        if (parts.size() > 4) {
            return parts.size() + " versions of " + depender.name() + " (" + parts.getFirst() + " to "
                    + parts.getLast() + ")";
        }
        return prefix + String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.getLast();
    }

    /**
     * The packages whose requirements clash, deepest first: asked for by two different packages, or twice by the
     * environment file (several versions of one package asking are alternatives, not a clash).
     */
    private static Set<Integer> clashes(List<Group> story, List<IncompatibilityCause.Derived> derivations) {
        Map<Integer, Set<Object>> askers = new HashMap<>();
        for (Group g : story) {
            askers.computeIfAbsent(g.dependee(), k -> new HashSet<>()).add(asker(g));
        }
        Set<Integer> clashes = new LinkedHashSet<>();
        for (IncompatibilityCause.Derived d : derivations) {
            if (d.pivot() != Incompatibility.ROOT && askers.getOrDefault(d.pivot(), Set.of()).size() >= 2) {
                clashes.add(d.pivot());
            }
        }
        return clashes;
    }

    /** Who asks: a package (whichever of its versions), or one requirement of the environment file. */
    private static Object asker(Group g) {
        return g.depender() == Incompatibility.ROOT ? g.facts().getFirst() : g.depender();
    }

    /** What the facts add up to: which packages clash, or else which one the environment file could not get. */
    private String conclusion(List<Group> story, Set<Integer> clashes,
                              List<IncompatibilityCause.Derived> derivations) {
        if (clashes.size() == 1) {
            int pkg = clashes.iterator().next();
            long sentences = story.stream().filter(g -> g.dependee() == pkg).count();
            return "no version of " + known.get(pkg).name()
                    + (sentences == 2 ? " satisfies both" : " satisfies all of these");
        }
        if (!clashes.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (int pkg : clashes) {
                names.add(known.get(pkg).name().toString());
            }
            String listed = names.size() <= MOST_NAMED_CLASHES
                    ? String.join(" or ", names)
                    : String.join(", ", names.subList(0, MOST_NAMED_CLASHES)) + " or "
                            + (names.size() - MOST_NAMED_CLASHES) + " more";
            return "no version of " + listed + " satisfies what is asked of it";
        }
        for (int i = derivations.size() - 1; i >= 0; i--) {
            int pivot = derivations.get(i).pivot();
            if (pivot != Incompatibility.ROOT) {
                return "no version of " + known.get(pivot).name() + " can be installed";
            }
        }
        return null;
    }

    /** {@code a>=2}, {@code a 1.2.*}, {@code a [1.0,2.0)}, or just {@code a} for any version. */
    static String spec(PackageName name, VersionConstraint constraint) {
        if (constraint instanceof VersionConstraint.Any) {
            return name.toString();
        }
        String text = constraint.toString();
        return text.isEmpty() || "<>=!~".indexOf(text.charAt(0)) >= 0 ? name + text : name + " " + text;
    }

    private static String versions(VersionConstraint constraint) {
        return constraint instanceof VersionConstraint.Any ? "any version" : constraint.toString();
    }
}
