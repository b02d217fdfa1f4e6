package dev.jconda.tests;

import dev.jconda.tests.JcondaProcess.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.jconda.tests.MavenRepositoryFixture.deps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conda verbs a user types, through the real CLI against a file:// Maven repository: create from specs, list,
 * install, remove, revisions and rollback, tree, shell activation. One environment goes through the whole life, so
 * the steps run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EverydayVerbsTest {
    @TempDir
    static Path work;
    static String repo;
    static JcondaProcess jconda;

    @BeforeAll
    static void writeRepository() throws IOException {
        MavenRepositoryFixture r = new MavenRepositoryFixture(work.resolve("repo"));
        r.artifact("org.ev:lib:1.0", "");
        r.artifact("org.ev:lib:2.0", "");
        r.artifact("org.ev:app:1.0", deps("org.ev:lib:1.0"));
        r.artifact("org.ev:app:2.0", deps("org.ev:lib:2.0"));
        r.artifact("org.ev:extra:1.0", deps("org.ev:lib:[1.0,3.0)"));
        repo = r.url();
        jconda = new JcondaProcess(work.resolve("home"));
    }

    private static Result ok(String... args) throws Exception {
        Result r = jconda.run(work, args);
        assertEquals(0, r.exitCode(), String.join(" ", args) + "\n" + r.out() + r.err());
        return r;
    }

    @Test
    @Order(1)
    void createFromSpecsOnTheCommandLineAndListIt() throws Exception {
        Result create = ok("create", "-n", "verbs", "-c", repo, "org.ev:app=1.0", "-y");
        assertTrue(create.out().contains("Created environment verbs"), create.out());

        Result list = ok("list", "-n", "verbs");
        assertTrue(list.out().startsWith("# packages in environment at "), list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.matches("org\\.ev:app\\s+1\\.0\\s.*")), list.out());
        assertTrue(list.out().lines().anyMatch(l -> l.matches("org\\.ev:lib\\s+1\\.0\\s.*")), list.out());

        Result json = ok("list", "-n", "verbs", "--json");
        assertTrue(json.out().strip().startsWith("[") && json.out().strip().endsWith("]"), json.out());
        assertTrue(json.out().contains("\"name\": \"org.ev:app\"") && json.out().contains("\"requested\": true"),
                json.out());
    }

    @Test
    @Order(2)
    void installAndRemoveAreNumberedRevisions() throws Exception {
        ok("install", "-n", "verbs", "org.ev:extra", "-y");
        assertTrue(ok("list", "-n", "verbs").out().contains("org.ev:extra"));
        ok("install", "-n", "verbs", "org.ev:app>=2.0", "-y");
        assertTrue(ok("list", "-n", "verbs").out().lines().anyMatch(l -> l.matches("org\\.ev:app\\s+2\\.0\\s.*")));
        Result remove = ok("remove", "-n", "verbs", "org.ev:extra", "--yes");
        assertTrue(remove.out().contains("- org.ev:extra 1.0"), remove.out());
        assertFalse(ok("list", "-n", "verbs").out().contains("org.ev:extra"));

        Path history = work.resolve("home/envs/verbs/jconda-meta/history");
        List<String> lines = Files.readAllLines(history);
        assertEquals(4, lines.stream().filter(l -> l.matches("==> \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d <==")).count(),
                "one block a change:\n" + lines);
        assertTrue(lines.contains("# cmd: jconda install -n verbs org.ev:extra -y"), lines.toString());
        assertTrue(lines.contains("+org.ev:extra==1.0"), lines.toString());

        String revisions = ok("list", "-n", "verbs", "--revisions").out();
        List<String> heads = revisions.lines().filter(l -> l.matches(".*  \\(rev \\d+\\)")).toList();
        assertEquals(4, heads.size(), revisions);
        assertTrue(heads.get(3).endsWith("  (rev 3)"), revisions);
        assertTrue(revisions.contains("    +org.ev:app-1.0"), revisions);
        assertTrue(revisions.contains("     org.ev:app  {1.0 -> 2.0}"), revisions);
        assertTrue(revisions.contains("    -org.ev:extra-1.0"), revisions);
        assertTrue(ok("list", "-n", "verbs", "--revisions", "--json").out().contains("\"rev\": 3"));
    }

    @Test
    @Order(3)
    void rollbackReinstallsARevisionsLock() throws Exception {
        Result back = ok("install", "-n", "verbs", "--revision", "1", "-y");
        assertTrue(back.out().contains("+ org.ev:extra 1.0") && back.out().contains("~ org.ev:app 2.0 -> 1.0"),
                back.out());
        String list = ok("list", "-n", "verbs").out();
        assertTrue(list.lines().anyMatch(l -> l.matches("org\\.ev:app\\s+1\\.0\\s.*")), list);
        assertTrue(list.contains("org.ev:extra"), list);
        String revisions = ok("list", "-n", "verbs", "--revisions").out();
        assertTrue(revisions.contains("(rev 4)"), "a rollback is a revision too:\n" + revisions);
        Result run = jconda.run(work, "run", "-n", "verbs", "--", "sh", "-c", "echo $CLASSPATH");
        assertTrue(run.out().contains("app-1.0.jar") && run.out().contains("extra-1.0.jar"), run.out());

        Result missing = jconda.run(work, "install", "-n", "verbs", "--revision", "9");
        assertEquals(2, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains("has no revision 9"), missing.err());
    }

    @Test
    @Order(4)
    void treeShowsWhyAPackageIsThere() throws Exception {
        String tree = ok("tree", "-n", "verbs").out();
        assertTrue(tree.contains("org.ev:app 1.0 [requested]\n└── org.ev:lib 1.0"), tree);
        String why = ok("tree", "-n", "verbs", "--invert", "org.ev:lib").out();
        assertTrue(why.startsWith("org.ev:lib 1.0\n"), why);
        assertTrue(why.contains("── org.ev:app 1.0 [requested]") && why.contains("── org.ev:extra 1.0 [requested]"),
                why);
        assertTrue(ok("tree", "-n", "verbs", "--json").out().contains("\"children\""));
        Result unknown = jconda.run(work, "tree", "-n", "verbs", "--invert", "org.ev:nothing");
        assertEquals(2, unknown.exitCode());
    }

    @Test
    @Order(5)
    void shellHookAndShellActivateTheEnvironment() throws Exception {
        Path hook = work.resolve("hook.sh");
        Files.writeString(hook, ok("shell-hook", "-n", "verbs", "--shell", "bash").out());
        Process bash = new ProcessBuilder("bash", "-c", ". " + hook + "; echo \"$JCONDA_DEFAULT_ENV|$CLASSPATH\"")
                .redirectErrorStream(true).start();
        String activated = new String(bash.getInputStream().readAllBytes());
        assertEquals(0, bash.waitFor());
        assertTrue(activated.startsWith("verbs|") && activated.contains("app-1.0.jar"), activated);
        String fish = ok("shell-hook", "-n", "verbs", "--shell", "fish").out();
        assertTrue(fish.contains("set -gx JCONDA_DEFAULT_ENV 'verbs'"), fish);
        assertTrue(ok("shell-hook", "-n", "verbs", "--shell", "pwsh").out().contains("$env:JCONDA_DEFAULT_ENV = 'verbs'"));

        Path fakeShell = work.resolve("fake-shell");
        Files.writeString(fakeShell, "#!/bin/sh\necho \"inside $JCONDA_DEFAULT_ENV\"\nexit 5\n");
        fakeShell.toFile().setExecutable(true);
        Result shell = new JcondaProcess(work.resolve("home")).env("SHELL", fakeShell.toString())
                .run(work, "shell", "-n", "verbs");
        assertEquals(5, shell.exitCode(), "the shell's exit status passes through: " + shell.err());
        assertEquals("inside verbs", shell.out().strip());

        // inside an activated environment, -n may be left out, as with conda's active environment
        Result active = new JcondaProcess(work.resolve("home"))
                .env("JCONDA_PREFIX", work.resolve("home/envs/verbs").toString()).run(work, "list");
        assertEquals(0, active.exitCode(), active.err());
        assertTrue(active.out().contains("org.ev:app"), active.out());
    }

    @Test
    @Order(6)
    void envUpdateFollowsTheFileAndPruneDropsTheRest() throws Exception {
        Path file = work.resolve("verbs.yml");
        Files.writeString(file, """
                name: verbs
                channels:
                  - %s
                dependencies:
                  - maven:
                      - org.ev:app>=2.0
                variables:
                  MODE: updated
                """.formatted(repo));
        ok("env", "update", "-f", file.toString(), "-y");
        String kept = ok("list", "-n", "verbs").out();
        assertTrue(kept.contains("org.ev:extra") && kept.lines().anyMatch(l -> l.matches("org\\.ev:app\\s+2\\.0\\s.*")),
                "without --prune the other specs stay:\n" + kept);
        ok("env", "update", "-f", file.toString(), "--prune", "-y");
        assertFalse(ok("list", "-n", "verbs").out().contains("org.ev:extra"), "--prune drops extra");
        Result run = jconda.run(work, "run", "-n", "verbs", "--", "sh", "-c", "echo $MODE");
        assertEquals("updated", run.out().strip());

        // only a variable changes: no package moves, yet the environment follows the file
        Files.writeString(file, Files.readString(file).replace("MODE: updated", "MODE: again"));
        ok("env", "update", "-f", file.toString(), "-y");
        assertEquals("again", jconda.run(work, "run", "-n", "verbs", "--", "sh", "-c", "echo $MODE").out().strip());
    }

    @Test
    @Order(7)
    void mistakesNameWhatTheUserGave() throws Exception {
        Result notASpec = jconda.run(work, "remove", "-n", "verbs", "org.ev:lib", "-y");
        assertEquals(2, notASpec.exitCode(), notASpec.err());
        assertTrue(notASpec.err().contains("org.ev:lib is not one of the specs of environment verbs"), notASpec.err());

        Result nosuch = jconda.run(work, "install", "-n", "verbs", "nosuch.group:nosuch", "-y", "--offline");
        assertEquals(1, nosuch.exitCode(), nosuch.err());
        assertTrue(nosuch.err().contains("nosuch.group:nosuch"), nosuch.err());
        assertFalse(nosuch.err().contains("lock.yml"), "no internal file names: " + nosuch.err());

        Result typo = jconda.run(work, "instal", "-n", "verbs");
        assertEquals(2, typo.exitCode());
        assertTrue(typo.err().contains("Did you mean") && typo.err().contains("install"), typo.err());
    }

    @Test
    @Order(8)
    void theLauncherWorksThroughASymlinkAndInstallsOne() throws Exception {
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path link = Files.createSymbolicLink(bin.resolve("jc"), JcondaProcess.REPO_ROOT.resolve("jconda"));
        ProcessBuilder versionCommand = new ProcessBuilder(link.toString(), "--version").redirectErrorStream(true);
        versionCommand.environment().put("JCONDA_SKIP_BUILD", "1"); // the jars under test, never a rebuild
        Process version = versionCommand.start();
        String text = new String(version.getInputStream().readAllBytes());
        assertEquals(0, version.waitFor(), text);
        assertTrue(text.contains("jconda"), text);

        Path target = work.resolve("local-bin");
        ProcessBuilder selfCommand = new ProcessBuilder(link.toString(), "self", "install", "--dir", target.toString())
                .redirectErrorStream(true);
        selfCommand.environment().put("JCONDA_SKIP_BUILD", "1");
        Process self = selfCommand.start();
        String out = new String(self.getInputStream().readAllBytes());
        assertEquals(0, self.waitFor(), out);
        assertEquals(JcondaProcess.REPO_ROOT.resolve("jconda").toRealPath(), target.resolve("jconda").toRealPath());
        Files.delete(target.resolve("jconda")); // links out of the temporary folder make JUnit warn
        Files.delete(link);

        Result completion = ok("completion");
        assertTrue(completion.out().contains("complete -F") && completion.out().contains("shell-hook"),
                "bash completion for every command");
    }

    @Test
    @Order(9)
    void runWaitsForItsChildOnTermAndPassesItsStatusOn() throws Exception {
        Path started = work.resolve("child-started");
        Process run = jconda.start(work, "run", "-n", "verbs", "--", "sh", "-c",
                "trap 'sleep 1; echo cleaned; exit 3' TERM; touch " + started + "; while :; do sleep 0.1; done");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(started) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(started), "the child started");
        run.destroy(); // SIGTERM to jconda only, as `kill PID` or a container runtime sends it
        assertTrue(run.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(3, run.exitValue(), "the child's own status, after its shutdown: "
                + Files.readString(jconda.errFile(run)));
        assertEquals("cleaned", Files.readString(jconda.outFile(run)).strip());
    }

    @Test
    @Order(10)
    void stateLivesUnderHomeAsTheShellSetsIt() throws Exception {
        Path home = Files.createDirectories(work.resolve("another-home"));
        Result info = new JcondaProcess(work.resolve("home")).env("JCONDA_ROOT", "").env("HOME", home.toString())
                .run(work, "info", "--json");
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().contains(home.resolve(".jconda").resolve("pkgs").toString()), info.out());
    }

    @Test
    @Order(11)
    void networkFailuresAreNamedAsSuchWithTheirUrl() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        JcondaProcess fresh = new JcondaProcess(work.resolve("fresh-home"));
        String repoUrl = "http://127.0.0.1:" + closed + "/repo";
        Result refused = fresh.run(work, "create", "-n", "net", "-c", repoUrl, "org.apache.commons:commons-lang3");
        assertEquals(1, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("connection refused (" + repoUrl + "/)"), refused.err());
        assertFalse(refused.err().contains("no Maven repository has"), refused.err());

        Result offline = fresh.run(work, "create", "-n", "net", "--offline", "org.apache.commons:commons-lang3");
        assertEquals(1, offline.exitCode(), offline.err());
        assertTrue(offline.err().contains("--offline, and nothing is cached from that repository (https://"),
                offline.err());

        String index = "http://127.0.0.1:" + closed + "/chan/index.yml";
        Result channel = fresh.run(work, "create", "-n", "net", "-c", index, "acme-runtime");
        assertEquals(1, channel.exitCode(), channel.err());
        assertTrue(channel.err().contains("cannot download " + index + ": connection refused"), channel.err());
    }

    @Test
    @Order(12)
    void searchListsVersionsAndBuildsPerChannelAndPlatform() throws Exception {
        String maven = ok("search", "org.ev:app", "-c", repo).out();
        assertTrue(maven.lines().anyMatch(l -> l.matches("org\\.ev:app\\s+2\\.0\\s+" + java.util.regex.Pattern.quote(repo)
                + ".*")) && maven.lines().anyMatch(l -> l.matches("org\\.ev:app\\s+1\\.0\\s.*")), maven);

        String builtin = ok("search", "libtorch", "-p", "linux-64", "-p", "win-64").out();
        assertTrue(builtin.lines().anyMatch(l -> l.matches("libtorch\\s+2\\.5\\.1\\s+cu124_1\\s+pytorch\\s+linux-64, win-64")),
                builtin);
        String json = ok("search", "lib*", "-p", "linux-64", "--json").out();
        assertTrue(json.contains("\"name\": \"libtorch\"") && json.contains("\"build\": \"cpu_0\""), json);

        Result none = jconda.run(work, "search", "no-such-package");
        assertEquals(1, none.exitCode());
        assertTrue(none.err().contains("no package matches 'no-such-package'"), none.err());
    }

    @Test
    @Order(13)
    void mavenSettingsMirrorAndCredentialsAreUsedAndShownWithoutSecrets() throws Exception {
        Path files = work.resolve("repo");
        String expected = "Basic " + java.util.Base64.getEncoder().encodeToString("ci-bot:s3cret-value".getBytes());
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = files.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            boolean authorized = expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
            if (!authorized) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"corp\"");
            }
            int status = !authorized ? 401 : file.startsWith(files) && Files.isRegularFile(file) ? 200 : 404;
            byte[] body = status == 200 ? Files.readAllBytes(file) : new byte[0];
            exchange.sendResponseHeaders(status, status == 200 ? body.length : -1);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            Path home = Files.createDirectories(work.resolve("settings-home/.m2")).getParent();
            Files.writeString(home.resolve(".m2/settings.xml"), """
                    <settings>
                      <mirrors><mirror><id>corp</id><url>%s</url><mirrorOf>central</mirrorOf></mirror></mirrors>
                      <servers><server><id>corp</id><username>ci-bot</username><password>s3cret-value</password></server></servers>
                    </settings>
                    """.formatted(url));
            JcondaProcess corp = new JcondaProcess(work.resolve("corp-home")).env("HOME", home.toString());
            Result config = corp.run(work, "config");
            assertEquals(0, config.exitCode(), config.err());
            assertTrue(config.out().contains("maven central:     " + url + " (mirror 'corp' in "
                    + home.resolve(".m2/settings.xml") + ")"), config.out());
            assertTrue(config.out().contains("server corp: user ci-bot, password set (hidden)"), config.out());
            assertFalse(config.out().contains("s3cret") || corp.run(work, "config", "--json").out().contains("s3cret"));

            // no channel given: maven-central, which the settings mirror to the password-protected server
            Result create = corp.run(work, "create", "-n", "mirrored", "org.ev:app=1.0");
            assertEquals(0, create.exitCode(), create.err());
        } finally {
            server.stop(0);
        }
    }

    @Test
    @Order(14)
    void progressIsOneLinePerPhaseInALogLiveOnATerminalAndQuietOrJsonOnRequest() throws Exception {
        Result create = ok("create", "-n", "progress", "-c", repo, "org.ev:lib");
        List<String> lines = create.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("solve\\s+1 packages for linux-64 \\(\\d+\\.\\d s\\)")), create.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("download\\s+1 files, .*: (1 downloaded|all in the package cache) .*")),
                create.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("link      1 jar hard-linked, ")),
                create.out());

        Result quiet = ok("create", "-n", "progress-quiet", "-c", repo, "org.ev:lib", "--quiet");
        assertFalse(quiet.out().contains("solve ") || quiet.out().contains("download "), quiet.out());

        Result json = ok("create", "-n", "progress-json", "-c", repo, "org.ev:lib", "--json");
        String body = json.out().strip();
        assertTrue(body.startsWith("{") && body.endsWith("}") && body.contains("\"success\": true")
                && body.contains("\"name\": \"org.ev:lib\""), body);
        Path file = Files.writeString(work.resolve("json.yml"), """
                name: json-lock
                channels: [%s]
                dependencies:
                  - maven: [org.ev:app]
                """.formatted(repo));
        String lock = ok("lock", "-f", file.toString(), "--json").out().strip();
        assertTrue(lock.startsWith("{") && lock.contains("\"linux-64\": 2"), lock);

        // on a terminal (script gives the command one) the phase is redrawn in place on stderr
        String java = ProcessHandle.current().info().command().orElse("java");
        String cmd = java + " -jar " + JcondaProcess.CLI_JAR + " create -n progress-tty -c " + repo + " org.ev:app";
        ProcessBuilder terminal = new ProcessBuilder("script", "-qec", cmd, "/dev/null").redirectErrorStream(true);
        terminal.environment().put("JCONDA_ROOT", work.resolve("home").toString());
        Process tty = terminal.start();
        tty.getOutputStream().close();
        String screen = new String(tty.getInputStream().readAllBytes());
        assertEquals(0, tty.waitFor(), screen);
        assertTrue(screen.contains("\r\033[Kdownload ") && screen.contains("download  2 files"), screen);
    }

    @Test
    @Order(15)
    void onATerminalAChangeAsksFirstAndNoChangesNothing() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        for (String verb : List.of("remove -n verbs org.ev:app", "env remove -n verbs")) {
            ProcessBuilder terminal = new ProcessBuilder("script", "-qec",
                    java + " -jar " + JcondaProcess.CLI_JAR + " " + verb, "/dev/null").redirectErrorStream(true);
            terminal.environment().put("JCONDA_ROOT", work.resolve("home").toString());
            Process tty = terminal.start();
            tty.getOutputStream().write("n\n".getBytes());
            tty.getOutputStream().flush();
            String screen = new String(tty.getInputStream().readAllBytes());
            assertEquals(1, tty.waitFor(), screen);
            assertTrue(screen.contains("([y]/n)?") && screen.contains("jconda: nothing "), screen);
        }
        assertTrue(ok("list", "-n", "verbs").out().contains("org.ev:app"), "still there");
    }

    @Test
    @Order(16)
    void anEnvironmentWithoutHistoryGetsItsPresentStateAsRevisionZero() throws Exception {
        ok("create", "-n", "legacy", "-c", repo, "org.ev:lib=1.0");
        Files.delete(work.resolve("home/envs/legacy/jconda-meta/history"));
        ok("install", "-n", "legacy", "org.ev:extra", "-y");
        String revisions = ok("list", "-n", "legacy", "--revisions").out();
        assertTrue(revisions.contains("(rev 0)\n    +org.ev:lib-1.0") && revisions.contains("(rev 1)\n    +org.ev:extra-1.0"),
                revisions);
        ok("install", "-n", "legacy", "--revision", "0", "-y");
        assertFalse(ok("list", "-n", "legacy").out().contains("org.ev:extra"));
    }

    /**
     * The CLI builds only the command it is asked for (picocli reads every command's annotations up front); help, a
     * typo and completion still see all of them, and an alias finds its command.
     */
    @Test
    @Order(17)
    void helpCompletionAndAliasesSeeEveryCommandThoughOnlyTheOneAskedForIsBuilt() throws Exception {
        List<String> commands = List.of("env", "install", "update", "lock", "run", "info", "sbom", "pack", "image",
                "k8s", "create", "remove", "list", "tree", "shell-hook", "shell", "search", "config", "completion",
                "self", "doctor", "clean");
        String help = ok("--help").out();
        // the bash script's first list: `local commands="env install ... clean"`
        java.util.regex.Matcher listed = java.util.regex.Pattern.compile("local commands=\"([^\"]*)\"")
                .matcher(ok("completion").out());
        assertTrue(listed.find(), "a command list in the completion script");
        List<String> completion = List.of(listed.group(1).split(" "));
        for (String command : commands) {
            assertTrue(help.contains("\n  " + command + " ") || help.contains("\n  " + command + ","),
                    command + " in the help:\n" + help);
            assertTrue(completion.contains(command), command + " in the completion script: " + completion);
            assertTrue(ok(command, "--help").out().startsWith("Usage: jconda " + command), command + " --help");
        }
        assertTrue(ok("uninstall", "--help").out().startsWith("Usage: jconda remove"), "an alias");
        Result typo = jconda.run(work, "shel-hook");
        assertEquals(2, typo.exitCode());
        assertTrue(typo.err().contains("Did you mean: jconda shell-hook"), typo.err());
    }
}
