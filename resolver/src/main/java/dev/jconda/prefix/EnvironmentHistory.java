package dev.jconda.prefix;

import dev.jconda.lock.LockFile;
import dev.jconda.lock.LockFileReader;
import dev.jconda.lock.LockFileWriter;
import dev.jconda.lock.LockedPackage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An environment's numbered revisions, as conda's {@code conda-meta/history}: each change appends a block
 * <pre>
 * ==> 2026-11-27 12:00:00 <==
 * # cmd: jconda install -n app org.slf4j:slf4j-api
 * +org.slf4j:slf4j-api==2.0.16
 * -libtorch=2.5.1=cpu_0
 * </pre>
 * kept in {@code jconda-meta/history}; revision N is the N-th block, counting from 0. A package line is the exact
 * spec of what was added or removed ({@code name==version}, or {@code name=version=build} for channel packages),
 * so the name reads back unambiguously even when a Maven version contains a dash. Each revision's installed lock is
 * kept beside it ({@code jconda-meta/revisions/N.lock.yml}) so {@code jconda install --revision N} re-installs it
 * exactly, without solving.
 *
 * <p>An install replaces the whole prefix, so the history is read before a change ({@link #read}) and written into
 * the new prefix after it ({@link #write}).
 */
public record EnvironmentHistory(List<Revision> revisions, Map<Integer, String> locks) {

    public EnvironmentHistory {
        revisions = List.copyOf(revisions);
        locks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(locks));
    }

    /** One change: when, the command that made it, and the packages it added and removed. */
    public record Revision(int number, String date, String command, List<String> added, List<String> removed) {
        public Revision {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
        }
    }

    public static EnvironmentHistory empty() {
        return new EnvironmentHistory(List.of(), Map.of());
    }

    public static Path file(Path prefix) {
        return new PrefixLayout(prefix).meta().resolve("history");
    }

    private static Path lockOf(Path prefix, int revision) {
        return new PrefixLayout(prefix).meta().resolve("revisions").resolve(revision + ".lock.yml");
    }

    /** The history of the environment at {@code prefix}; empty where it has none (made before revisions existed). */
    public static EnvironmentHistory read(Path prefix) {
        Path file = file(prefix);
        if (!Files.isRegularFile(file)) {
            return empty();
        }
        try {
            List<Revision> revisions = parse(Files.readAllLines(file, StandardCharsets.UTF_8));
            Map<Integer, String> locks = new LinkedHashMap<>();
            for (Revision r : revisions) {
                Path lock = lockOf(prefix, r.number());
                if (Files.isRegularFile(lock)) {
                    locks.put(r.number(), Files.readString(lock, StandardCharsets.UTF_8));
                }
            }
            return new EnvironmentHistory(revisions, locks);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<Revision> parse(List<String> lines) {
        List<Revision> out = new ArrayList<>();
        String date = null;
        String command = "";
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("==> ") && line.endsWith(" <==")) {
                if (date != null) {
                    out.add(new Revision(out.size(), date, command, added, removed));
                }
                date = line.substring(4, line.length() - 4);
                command = "";
                added = new ArrayList<>();
                removed = new ArrayList<>();
            } else if (line.startsWith("# cmd: ")) {
                command = line.substring("# cmd: ".length());
            } else if (line.startsWith("+")) {
                added.add(line.substring(1));
            } else if (line.startsWith("-")) {
                removed.add(line.substring(1));
            }
        }
        if (date != null) {
            out.add(new Revision(out.size(), date, command, added, removed));
        }
        return out;
    }

    public Optional<Revision> revision(int number) {
        return number >= 0 && number < revisions.size() ? Optional.of(revisions.get(number)) : Optional.empty();
    }

    /** The lock revision {@code number} installed, where it was kept. */
    public Optional<LockFile> lock(int number, Path prefix) {
        String text = locks.get(number);
        if (text == null) {
            return Optional.empty();
        }
        return Optional.of(LockFileReader.parse(text, lockOf(prefix, number).toString()));
    }

    /** This history and one more revision: the change from {@code before} to {@code after}. */
    public EnvironmentHistory append(String date, String command, List<LockedPackage> before,
                                     List<LockedPackage> after, LockFile installed) {
        Map<String, String> was = new LinkedHashMap<>();
        before.forEach(p -> was.put(p.name(), spec(p)));
        Map<String, String> now = new LinkedHashMap<>();
        after.forEach(p -> now.put(p.name(), spec(p)));
        List<String> added = now.values().stream().filter(s -> !was.containsValue(s)).toList();
        List<String> removed = was.values().stream().filter(s -> !now.containsValue(s)).toList();
        List<Revision> revisions = new ArrayList<>(this.revisions);
        int number = revisions.size();
        revisions.add(new Revision(number, date, command, added, removed));
        Map<Integer, String> locks = new LinkedHashMap<>(this.locks);
        locks.put(number, new LockFileWriter().render(installed));
        return new EnvironmentHistory(revisions, locks);
    }

    /** Writes the history and every kept revision lock into {@code prefix}'s {@code jconda-meta}. */
    public void write(Path prefix) {
        StringBuilder text = new StringBuilder();
        for (Revision r : revisions) {
            text.append("==> ").append(r.date()).append(" <==\n");
            text.append("# cmd: ").append(r.command()).append('\n');
            r.removed().forEach(s -> text.append('-').append(s).append('\n'));
            r.added().forEach(s -> text.append('+').append(s).append('\n'));
        }
        try {
            for (Map.Entry<Integer, String> lock : locks.entrySet()) {
                Path file = lockOf(prefix, lock.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, lock.getValue(), StandardCharsets.UTF_8);
            }
            Path tmp = file(prefix).resolveSibling("history.tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file(prefix), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the history of " + prefix, e);
        }
    }

    /** The exact spec of an installed package, as the history records it. */
    public static String spec(LockedPackage p) {
        return p.kind() == LockedPackage.Kind.MAVEN || p.build().isEmpty()
                ? p.name() + "==" + p.version()
                : p.name() + "=" + p.version() + "=" + p.build();
    }

    /** The package name of a history line ({@code org.fix:app==1.0} → {@code org.fix:app}). */
    public static String nameOf(String spec) {
        int eq = spec.indexOf('=');
        return eq < 0 ? spec : spec.substring(0, eq);
    }

    /** The version (and build) of a history line, as a person reads it: {@code 1.0}, {@code 2.5.1 cpu_0}. */
    public static String versionOf(String spec) {
        String rest = spec.substring(nameOf(spec).length()).replaceFirst("^==?", "");
        return rest.replace('=', ' ');
    }
}
