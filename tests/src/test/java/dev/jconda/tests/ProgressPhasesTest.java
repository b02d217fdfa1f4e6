package dev.jconda.tests;

import dev.jconda.tests.JcondaProcess.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.jconda.tests.MavenRepositoryFixture.deps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code env create} shows while it works, phase by phase (solve, download, extract, link), for an environment
 * with a native bundle from a channel index and two jars from a Maven repository: one line per finished phase in a
 * log, a live line on a terminal, nothing under {@code --quiet}, JSON alone under {@code --json}.
 */
class ProgressPhasesTest {
    /** A finished phase's line: its name, what it did, how long it took. */
    private static final Pattern PHASE_LINE = Pattern.compile("^([a-z]+) +(.*) \\(\\d+\\.\\d s\\)$");
    /** A byte count as jconda prints it. */
    private static final String SIZE = "\\d+(\\.\\d)? (B|KiB|MiB)";

    @TempDir
    static Path work;
    static Path environment;

    @BeforeAll
    static void writeChannels() throws Exception {
        Path channel = FaultFiles.nativeChannel(work.resolve("channel"), 1);
        MavenRepositoryFixture repo = new MavenRepositoryFixture(work.resolve("repo"));
        repo.artifact("org.pg:lib:1.0", "");
        repo.artifact("org.pg:app:1.0", deps("org.pg:lib:1.0"));
        environment = Files.writeString(work.resolve("environment.yml"), """
                name: phases
                channels: [%s, %s]
                dependencies:
                  - libbig=1.0
                  - maven: [org.pg:app=1.0]
                """.formatted(channel.toUri(), repo.url()));
    }

    private static List<String> phaseLines(String out) {
        return out.lines().filter(l -> PHASE_LINE.matcher(l).matches()).toList();
    }

    private static List<String> phases(String out) {
        return phaseLines(out).stream().map(l -> l.substring(0, l.indexOf(' '))).toList();
    }

    @Test
    void withoutATerminalEachFinishedPhaseIsOneLineInOrderWithItsCounts() throws Exception {
        JcondaProcess jconda = new JcondaProcess(work.resolve("log-home"));
        Result create = jconda.run(work, "env", "create", "-f", environment.toString());
        assertEquals(0, create.exitCode(), create.err());
        List<String> phases = phases(create.out());
        assertEquals(List.of("solve", "download", "extract", "link"),
                phases.stream().filter(p -> !p.equals("checksums")).toList(), create.out());
        assertEquals(phases.size(), phases.stream().distinct().count(), "one line per phase: " + create.out());
        List<String> lines = phaseLines(create.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches(
                "download +3 files, " + SIZE + ": 3 downloaded \\(" + SIZE + ", " + SIZE + "/s\\) .*")), create.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("extract +1 native bundle unpacked(, " + SIZE + ")? .*")),
                create.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("link      2 jars hard-linked, ")
                && l.contains(" into " + work.resolve("log-home/envs/phases"))), create.out());
        assertFalse(create.out().contains("\r") || create.err().contains("\r"), "no live line without a terminal");

        // the same environment again: nothing to download, and the line says so
        Result again = jconda.run(work, "env", "create", "-f", environment.toString(), "--force");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(phaseLines(again.out()).stream().anyMatch(l -> l.matches(
                "download +3 files, " + SIZE + ": all in the package cache .*")), again.out());
    }

    /** What a terminal shows of {@code jconda ARGS} ({@code script} gives it one); it must succeed. */
    private static String onATerminal(Path home, String args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder terminal = new ProcessBuilder("script", "-qec", java + " -jar " + JcondaProcess.CLI_JAR + " "
                + args, "/dev/null").redirectErrorStream(true);
        terminal.environment().put("JCONDA_ROOT", home.toString());
        Process tty = terminal.start();
        tty.getOutputStream().close();
        String screen = new String(tty.getInputStream().readAllBytes());
        assertEquals(0, tty.waitFor(), screen);
        return screen;
    }

    @Test
    void onATerminalEachPhaseIsRedrawnLiveThenFinishesInOrder() throws Exception {
        String screen = onATerminal(work.resolve("tty-home"), "env create -f " + environment);
        // live: the download with bytes and rate, the extract and link with their file counts
        assertTrue(Pattern.compile("\r\033\\[Kdownload 0/3 files, 0 B / " + SIZE + "  0 B/s").matcher(screen).find(),
                screen);
        assertTrue(screen.contains("\r\033[Kextract 0/1 files"), screen);
        assertTrue(screen.contains("\r\033[Klink 0/2 files,"), screen);
        // each finished phase clears its live line and is printed in its place: the last part of a screen line
        String finished = String.join("\n", Arrays.stream(screen.replace("\r\n", "\n").split("\n"))
                .map(l -> l.substring(l.lastIndexOf("\r\033[K") < 0 ? 0 : l.lastIndexOf("\r\033[K") + 4)).toList());
        assertEquals(List.of("solve", "download", "extract", "link"),
                phases(finished).stream().filter(p -> !p.equals("checksums")).toList(), screen);
    }

    @Test
    void quietShowsNoPhaseAndJsonIsTheOnlyOutput() throws Exception {
        JcondaProcess jconda = new JcondaProcess(work.resolve("quiet-home"));
        Result quiet = jconda.run(work, "env", "create", "-f", environment.toString(), "--quiet");
        assertEquals(0, quiet.exitCode(), quiet.err());
        assertEquals(List.of(), phaseLines(quiet.out()), quiet.out());
        assertTrue(Files.isDirectory(work.resolve("quiet-home/envs/phases/lib/native")));

        Result json = jconda.run(work, "env", "create", "-f", environment.toString(), "--json", "--force");
        assertEquals(0, json.exitCode(), json.err());
        String body = json.out().strip();
        assertTrue(body.startsWith("{") && body.endsWith("}") && body.contains("\"success\": true"), body);
        assertEquals(List.of(), phaseLines(json.out()), json.out());
    }

    @Test
    void onATerminalALargeDownloadsBytesMoveBeforeItsFileIsDone() throws Exception {
        Path channel = FaultFiles.nativeChannel(work.resolve("served-channel"), 1);
        Path bundle = channel.resolve("libbig-1.0.tar.gz");
        try (FaultServer server = new FaultServer(channel)) {
            Path index = channel.resolve("index.yml");
            Files.writeString(index, Files.readString(index).replace(bundle.toUri().toString(),
                    server.url() + bundle.getFileName()));
            Path file = Files.writeString(work.resolve("trickle.yml"), """
                    name: trickle
                    channels: [%s]
                    dependencies: [libbig=1.0]
                    """.formatted(channel.toUri()));
            server.trickleBytesPerSecond = 512 * 1024;
            server.inject(bundle.getFileName().toString(), FaultServer.Fault.TRICKLE);
            String screen = onATerminal(work.resolve("trickle-home"), "env create -f " + file);
            // the one file is not done, yet the line counts its bytes so far, and their rate
            Matcher partial = Pattern.compile("\r\033\\[Kdownload 0/1 files, (\\d+\\.\\d) KiB  "
                    + "\\d+(\\.\\d)? (B|KiB|MiB)/s").matcher(screen);
            assertTrue(partial.find(), screen);
            assertTrue(Double.parseDouble(partial.group(1)) > 0, partial.group());
        }
    }
}
