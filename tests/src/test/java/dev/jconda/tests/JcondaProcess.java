package dev.jconda.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real CLI jar as a separate process, against its own {@code JCONDA_ROOT}. */
final class JcondaProcess {
    static final Path REPO_ROOT = findRepoRoot();
    static final Path CLI_JAR = REPO_ROOT.resolve("cli/target/jconda.jar");
    static final Path SERVER_JAR = REPO_ROOT.resolve("server/target/jconda-server.jar");

    private final Path home;
    private final Map<String, String> extraEnv = new HashMap<>();
    private final List<String> wrapper = new ArrayList<>();
    private Path serverJar = SERVER_JAR;

    JcondaProcess(Path home) {
        this.home = home;
    }

    Path home() {
        return home;
    }

    JcondaProcess env(String key, String value) {
        extraEnv.put(key, value);
        return this;
    }

    /** The bundled server this jconda has, as the launcher passes it (another build of it, for a test). */
    JcondaProcess serverJar(Path jar) {
        serverJar = jar;
        return this;
    }

    /** Runs the JVM under another program (strace with fault injection): {@code wrapper... java -jar ...}. */
    JcondaProcess wrappedIn(String... command) {
        wrapper.addAll(List.of(command));
        return this;
    }

    record Result(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.startsWith("WARNING:")).toList();
        }
    }

    Result run(Path workDir, String... args) throws IOException, InterruptedException {
        Process p = start(workDir, args);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("jconda " + String.join(" ", args) + " did not finish in 10 minutes");
        }
        return new Result(p.exitValue(), Files.readString(outFile(p), StandardCharsets.UTF_8),
                Files.readString(errFile(p), StandardCharsets.UTF_8));
    }

    private final Map<Long, Path[]> outputs = new HashMap<>();

    Process start(Path workDir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Djconda.server.jar=" + serverJar);
        cmd.add("-jar");
        cmd.add(CLI_JAR.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().put("JCONDA_ROOT", home.toString());
        pb.environment().putAll(extraEnv);
        Path out = Files.createTempFile(home.getParent(), "out", ".txt");
        Path err = Files.createTempFile(home.getParent(), "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null")));
        Process p = pb.start();
        outputs.put(p.pid(), new Path[]{out, err});
        return p;
    }

    Path outFile(Process p) {
        return outputs.get(p.pid())[0];
    }

    Path errFile(Process p) {
        return outputs.get(p.pid())[1];
    }

    private static Path findRepoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("cli/pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the jconda checkout above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
