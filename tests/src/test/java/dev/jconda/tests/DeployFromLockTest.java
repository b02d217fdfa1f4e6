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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deploy path of docs/ci.md: lock on a CI runner for declared target machines (system-requirements:), then
 * install the lock elsewhere. A channel the test writes has a library in a CUDA build (needs __cuda >=12.4) and a
 * cpu build; this machine is made GPU-less by an empty JCONDA_OVERRIDE_CUDA.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployFromLockTest {
    @TempDir
    static Path work;
    static Path project;
    static JcondaProcess jconda;
    static JcondaProcess withCuda;

    @BeforeAll
    static void writeChannel() throws Exception {
        Path channel = Files.createDirectories(work.resolve("channel"));
        Path cpu = channel.resolve("libgpu-1.0-cpu.tar.gz");
        NativeChannelTest.tarGz(cpu, "lib/libgpu.so", "cpu build\n", 0755);
        Path cuda = channel.resolve("libgpu-1.0-cu124.tar.gz");
        NativeChannelTest.tarGz(cuda, "lib/libgpu.so", "cuda build\n", 0755);
        Files.writeString(channel.resolve("index.yml"), """
                channel: gpuchannel
                packages:
                  - name: libgpu
                    version: "1.0"
                    build: cu124_1
                    build_number: 1
                    depends:
                      - "__cuda >=12.4"
                    artifacts:
                      noarch: {url: %s, sha256: %s, kind: native, extract: lib/}
                  - name: libgpu
                    version: "1.0"
                    build: cpu_0
                    build_number: 0
                    artifacts:
                      noarch: {url: %s, sha256: %s, kind: native, extract: lib/}
                """.formatted(cuda.toUri(), EnvironmentLifecycleTest.sha256(cuda), cpu.toUri(),
                EnvironmentLifecycleTest.sha256(cpu)));
        project = Files.createDirectories(work.resolve("project"));
        Files.writeString(project.resolve("model.pt"), "not really a model");
        jconda = new JcondaProcess(work.resolve("home")).env("JCONDA_OVERRIDE_CUDA", "");
        withCuda = new JcondaProcess(work.resolve("home")).env("JCONDA_OVERRIDE_CUDA", "12.4");
    }

    private static Path writeEnvironment(String systemRequirements) throws IOException {
        Path file = project.resolve("environment.yml");
        Files.writeString(file, """
                name: gpu-app
                channels:
                  - %s
                dependencies:
                  - libgpu
                variables:
                  APP_MODE: production
                serve:
                  model: model.pt
                  workers: "2"
                %s
                """.formatted(work.resolve("channel").toUri(), systemRequirements));
        return file;
    }

    private static Result ok(JcondaProcess p, String... args) throws Exception {
        Result r = p.run(work, args);
        assertEquals(0, r.exitCode(), String.join(" ", args) + "\n" + r.out() + r.err());
        return r;
    }

    private static String lock() throws IOException {
        return Files.readString(project.resolve("jconda-lock.yml"));
    }

    @Test
    @Order(1)
    void aGpulessRunnerLocksForDeclaredGpuMachines() throws Exception {
        Path file = writeEnvironment("""
                system-requirements:
                  cuda: "12.4"
                """);
        ok(jconda, "lock", "-f", file.toString(), "-p", "linux-64", "-p", "win-64");
        String lock = lock();
        assertTrue(lock.contains("build: cu124_1") && !lock.contains("build: cpu_0"), lock);
        assertTrue(lock.contains("virtual-depends:\n          - \"__cuda >=12.4\""), lock);
        assertTrue(lock.contains("system-requirements:\n  linux-64:\n    cuda: \"12.4\""), lock);
        assertTrue(lock.contains("serve:\n  model: model.pt") && lock.contains("APP_MODE: production"), lock);

        // a plain re-lock keeps the lock's platforms, and --check agrees with it
        ok(jconda, "lock", "-f", file.toString());
        assertTrue(lock().contains("\"win-64\":") || lock().contains("win-64:"), "win-64 kept:\n" + lock());
        ok(jconda, "lock", "-f", file.toString(), "--check");
    }

    @Test
    @Order(2)
    void aCudaLockIsRefusedOnAMachineWithoutCudaBeforeAnyDownload() throws Exception {
        Path lock = project.resolve("jconda-lock.yml");
        Result refused = jconda.run(work, "env", "create", "-f", lock.toString(), "-n", "deployed");
        assertEquals(1, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("libgpu 1.0 cu124_1 needs __cuda >=12.4, but this machine has no __cuda")
                && refused.err().contains("JCONDA_OVERRIDE_CUDA"), refused.err());
        assertFalse(Files.exists(work.resolve("home/envs/deployed")));
        assertFalse(Files.exists(work.resolve("home/pkgs")) && Files.list(work.resolve("home/pkgs")).findAny()
                .isPresent(), "nothing downloaded");

        ok(withCuda, "env", "create", "-f", lock.toString(), "-n", "deployed");
        assertEquals("cuda build\n", Files.readString(work.resolve("home/envs/deployed/lib/native/libgpu.so")));
    }

    @Test
    @Order(3)
    void anEnvironmentFromALockRunsAsOneFromTheFile() throws Exception {
        Result run = ok(jconda, "run", "-n", "deployed", "--", "sh", "-c", "echo $APP_MODE");
        assertEquals("production", run.out().strip());
        String conf = Files.readString(work.resolve("home/envs/deployed/jconda-meta/serve.conf"));
        assertTrue(conf.contains("model=" + project.resolve("model.pt")) && conf.contains("workers=2"),
                "bin/serve reads its defaults here:\n" + conf);
        String exported = ok(jconda, "env", "export", "-n", "deployed").out();
        assertTrue(exported.contains("serve:\n  model: \"" + project.resolve("model.pt") + "\""), exported);
        assertTrue(ok(jconda, "env", "export", "-n", "deployed", "--lock").out().contains("serve:\n  model:"));
    }

    @Test
    @Order(4)
    void createFromALockOverAnExistingEnvironmentFailsBeforeDownloading() throws Exception {
        // the same lock, its file now somewhere unreachable: a download would fail with a connection error
        String unreachable = lock().replaceAll("url: \\S+", "url: \"http://127.0.0.1:9/libgpu.tar.gz\"")
                .replaceAll("sha256: \"[0-9a-f]{64}\"", "sha256: \"" + "ab".repeat(32) + "\"");
        Path lock = Files.writeString(work.resolve("unreachable-lock.yml"), unreachable);
        Result exists = withCuda.run(work, "env", "create", "-f", lock.toString(), "-n", "deployed");
        assertEquals(1, exists.exitCode(), exists.err());
        assertTrue(exists.err().contains("already exists; use --force"), exists.err());
    }

    @Test
    @Order(5)
    void changingTheDeclaredMachinesMakesTheLockStaleAndResolvesTheNativeChoice() throws Exception {
        Path file = writeEnvironment("");
        Result stale = jconda.run(work, "lock", "-f", file.toString(), "--check");
        assertEquals(1, stale.exitCode(), stale.out() + stale.err());
        ok(jconda, "lock", "-f", file.toString());
        assertTrue(lock().contains("build: cpu_0") && !lock().contains("cu124_1"), "no GPU declared: cpu\n" + lock());

        writeEnvironment("""
                system-requirements:
                  linux-64:
                    cuda: "12.4"
                """);
        ok(jconda, "lock", "-f", file.toString());
        String relocked = lock();
        int linux = relocked.indexOf("linux-64:\n    packages:");
        int win = relocked.indexOf("win-64:\n    packages:");
        assertTrue(linux >= 0 && win > linux, relocked);
        assertTrue(relocked.substring(linux, win).contains("build: cu124_1"), "linux-64 moved cpu -> cu124:\n" + relocked);
        assertTrue(relocked.substring(win).contains("build: cpu_0"), "win-64 declares no GPU:\n" + relocked);
    }

    @Test
    @Order(6)
    void environmentsMadeWithAPrefixAreListedAndFoundByName() throws Exception {
        Path elsewhere = work.resolve("somewhere/else/tooling");
        ok(withCuda, "env", "create", "-f", project.resolve("jconda-lock.yml").toString(), "-p", elsewhere.toString());
        assertTrue(ok(jconda, "env", "list").out().contains(elsewhere.toString()));
        assertTrue(Files.readString(work.resolve("home/environments.txt")).contains(elsewhere.toString()));
        Result run = ok(jconda, "run", "-n", "tooling", "--", "sh", "-c", "echo $JCONDA_PREFIX");
        assertEquals(elsewhere.toString(), run.out().strip());
    }

    @Test
    @Order(7)
    void aOneOffOverrideReLockChoosesTheNativeBuildAgain() throws Exception {
        Path file = writeEnvironment("");
        ok(jconda, "lock", "-f", file.toString(), "-p", "linux-64");
        assertTrue(lock().contains("build: cpu_0"), lock());
        ok(withCuda, "lock", "-f", file.toString(), "-p", "linux-64");
        assertTrue(lock().contains("build: cu124_1") && !lock().contains("cpu_0"),
                "JCONDA_OVERRIDE_CUDA=12.4 over a cpu lock takes the CUDA build:\n" + lock());
    }
}
