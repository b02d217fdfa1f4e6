package dev.jconda.tests;

import dev.jconda.lock.LockFile;
import dev.jconda.lock.LockFileReader;
import dev.jconda.lock.LockedPackage;
import dev.jconda.tests.JcondaProcess.Result;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Hash;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.jconda.tests.MavenRepositoryFixture.deps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jconda sbom}: CycloneDX that the library's own schema validator accepts, naming every locked file. */
class SbomTest {
    @TempDir
    Path work;

    /** Valid against the CycloneDX 1.6 schema, parsed back. */
    private static Bom validBom(byte[] json) throws Exception {
        JsonParser parser = new JsonParser();
        List<?> problems = parser.validate(json, Version.VERSION_16);
        assertTrue(problems.isEmpty(), problems + "\n" + new String(json, StandardCharsets.UTF_8));
        return parser.parse(json);
    }

    /** Every locked package is a component; every locked file's hashes are on it. */
    private static Map<String, Component> assertListsEveryLockedFile(Bom bom, List<LockedPackage> locked) {
        Map<String, Component> byPurlOrRef = bom.getComponents().stream()
                .collect(Collectors.toMap(Component::getBomRef, Function.identity()));
        assertEquals(locked.size(), bom.getComponents().size());
        for (LockedPackage p : locked) {
            if (!p.hasFile()) {
                continue;
            }
            String hash = p.sha256().isEmpty() ? p.sha1() : p.sha256();
            Component c = bom.getComponents().stream()
                    .filter(x -> x.getHashes() != null && x.getHashes().stream().map(Hash::getValue)
                            .anyMatch(hash::equals))
                    .findFirst().orElse(null);
            assertNotNull(c, p.name() + " (" + p.file() + ") has no component with its hash " + hash);
            assertEquals(p.version(), c.getVersion(), p.name());
        }
        return byPurlOrRef;
    }

    @Test
    void theDefaultEnvironmentsSbomValidatesAndListsEveryLockedFileWithItsHash() throws Exception {
        Path file = Files.createDirectories(work.resolve("default")).resolve("environment.yml");
        Files.copy(JcondaProcess.REPO_ROOT.resolve("environment.yml"), file);
        JcondaProcess jconda = new JcondaProcess(work.resolve("home"));
        Result lock = jconda.run(work, "lock", "-f", file.toString(), "-p", "linux-64");
        assertEquals(0, lock.exitCode(), lock.err());
        Path lockFile = file.resolveSibling("jconda-lock.yml");
        Path sbom = work.resolve("sbom.json");
        Result r = jconda.run(work, "sbom", "-f", lockFile.toString(), "-o", sbom.toString());
        assertEquals(0, r.exitCode(), r.err());

        Bom bom = validBom(Files.readAllBytes(sbom));
        LockFile locked = new LockFileReader().read(lockFile);
        List<LockedPackage> packages = locked.packages("linux-64").orElseThrow();
        Map<String, Component> components = assertListsEveryLockedFile(bom, packages);
        // JVM artifacts as Maven purls; native bundles with their channel; the JDK as a platform
        assertTrue(components.keySet().stream().anyMatch(k -> k.startsWith("pkg:maven/ai.djl.pytorch/pytorch-engine@")),
                components.keySet().toString());
        Component libtorch = components.values().stream().filter(c -> c.getName().equals("libtorch")).findFirst()
                .orElseThrow();
        assertTrue(libtorch.getPurl().startsWith("pkg:conda/libtorch@2.5.1?") && libtorch.getPurl()
                .contains("channel=pytorch"), libtorch.getPurl());
        assertTrue(components.values().stream().anyMatch(c -> c.getName().equals("java")
                && c.getType() == Component.Type.PLATFORM), components.keySet().toString());
        // the dependency graph: the environment needs what it asked for, pytorch needs libtorch
        Map<String, List<String>> graph = bom.getDependencies().stream().collect(Collectors.toMap(
                Dependency::getRef, d -> d.getDependencies() == null ? List.of()
                        : d.getDependencies().stream().map(Dependency::getRef).toList()));
        assertTrue(graph.get("environment:model-serving").stream().anyMatch(ref -> ref.startsWith("pkg:conda/pytorch@")),
                graph.toString());
        String pytorch = components.values().stream().filter(c -> c.getName().equals("pytorch")).findFirst()
                .orElseThrow().getBomRef();
        assertTrue(graph.get(pytorch).contains(libtorch.getBomRef()), graph.get(pytorch).toString());
    }

    @Test
    void anInstalledEnvironmentsSbomIsTheSameEveryTimeAndSpdxIsRefusedPlainly() throws Exception {
        MavenRepositoryFixture repo = new MavenRepositoryFixture(work.resolve("repo"));
        repo.artifact("org.fix:lib:1.0", "");
        repo.artifact("org.fix:app:1.0", deps("org.fix:lib:1.0"));
        Path file = MavenRepositoryFixture.environment(work.resolve("app"), "sbom-app", repo.url(), "org.fix:app");
        JcondaProcess jconda = new JcondaProcess(work.resolve("home"));
        Result create = jconda.run(work, "env", "create", "-f", file.toString());
        assertEquals(0, create.exitCode(), create.err());

        Result first = jconda.run(work, "sbom", "-n", "sbom-app");
        assertEquals(0, first.exitCode(), first.err());
        Bom bom = validBom(first.out().getBytes(StandardCharsets.UTF_8));
        List<LockedPackage> locked = new LockFileReader().read(work.resolve("home/envs/sbom-app/jconda-meta/lock.yml"))
                .platforms().values().iterator().next();
        Map<String, Component> components = assertListsEveryLockedFile(bom, locked);
        Component app = components.get("pkg:maven/org.fix/app@1.0");
        assertNotNull(app, components.keySet().toString());
        assertTrue(app.getProperties().stream().anyMatch(p -> p.getName().equals("jconda:source-channel")
                && p.getValue().equals(repo.url())), app.getProperties().toString());
        assertTrue(bom.getDependencies().stream().anyMatch(d -> d.getRef().equals(app.getBomRef())
                && d.getDependencies().stream().anyMatch(x -> x.getRef().equals("pkg:maven/org.fix/lib@1.0"))));
        assertEquals(first.out(), jconda.run(work, "sbom", "-n", "sbom-app").out(), "same lock, same bytes");

        Result spdx = jconda.run(work, "sbom", "-n", "sbom-app", "--format", "spdx-json");
        assertEquals(2, spdx.exitCode(), spdx.err());
        assertEquals(List.of("jconda: error: --format spdx-json: this jconda writes cyclonedx-json only (SPDX is not "
                + "supported yet)"), spdx.errLines());
    }
}
