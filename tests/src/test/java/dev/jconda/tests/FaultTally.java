package dev.jconda.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of a fault-injection run, per kind of fault: trials, faults survived (jconda kept its promise: nothing
 * half-made, bad bytes refused or repaired, a clear error), failures with what went wrong. Written as a Markdown table
 * for RELIABILITY.md.
 */
final class FaultTally {
    /** One kind of fault. */
    static final class Row {
        int trials;
        int survived;
        final List<String> failures = new ArrayList<>();
    }

    private final Map<String, Row> rows = new TreeMap<>();

    /** One trial: the check throws (an assertion) when jconda broke a promise. */
    synchronized void trial(String kind, Check check) {
        Row row = rows.computeIfAbsent(kind, k -> new Row());
        row.trials++;
        try {
            check.run();
            row.survived++;
        } catch (Exception | AssertionError e) {
            row.failures.add(String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    @FunctionalInterface
    interface Check {
        void run() throws Exception;
    }

    synchronized List<String> failures() {
        List<String> all = new ArrayList<>();
        rows.forEach((k, r) -> r.failures.forEach(f -> all.add(k + ": " + f)));
        return all;
    }

    synchronized String markdown(String mode, double seconds) {
        StringBuilder s = new StringBuilder("| fault | trials | survived | failures |\n|---|---:|---:|---:|\n");
        int trials = 0;
        int survived = 0;
        for (var e : rows.entrySet()) {
            Row r = e.getValue();
            s.append("| ").append(e.getKey()).append(" | ").append(r.trials).append(" | ").append(r.survived)
                    .append(" | ").append(r.failures.size()).append(" |\n");
            trials += r.trials;
            survived += r.survived;
        }
        s.append("| **all** | **").append(trials).append("** | **").append(survived).append("** | **")
                .append(trials - survived).append("** |\n");
        s.append("\n").append(mode).append(" mode, ").append(String.format("%.0f", seconds)).append(" s\n");
        failures().forEach(f -> s.append("- FAILED ").append(f).append('\n'));
        return s.toString();
    }

    void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
