package dev.jconda.spec;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvironmentFileReaderTest {

    private static EnvironmentFile read(String yaml) {
        return new EnvironmentFileReader().read(Path.of("environment.yml"), "environment.yml", new StringReader(yaml));
    }

    private static InputError fails(String yaml) {
        return assertThrows(InputError.class, () -> read(yaml));
    }

    @Test
    void readsCondaFieldsAndMavenSubList() {
        EnvironmentFile env = read("""
                name: model-serving
                channels:
                  - pytorch
                  - maven-central
                dependencies:
                  - java=21
                  - pytorch=2.5
                  - maven:
                      - com.google.guava:guava=33
                      - "info.picocli:picocli>=4.7"
                variables:
                  APP_MODE: prod
                platforms: [linux-64, osx-arm64]
                serve:
                  workers: 2
                """);
        assertEquals("model-serving", env.name());
        assertEquals(java.util.List.of("pytorch", "maven-central"), env.channels());
        assertEquals(2, env.dependencies().size());
        assertEquals("com.google.guava:guava", env.maven().get(0).name().value());
        assertEquals("info.picocli:picocli", env.maven().get(1).name().value());
        assertEquals("prod", env.variables().get("APP_MODE"));
        assertEquals(java.util.List.of("linux-64", "osx-arm64"), env.platforms());
        assertEquals("2", env.serve().get("workers"));
        assertTrue(env.warnings().isEmpty(), env.warnings().toString());
    }

    @Test
    void systemRequirementsForEveryPlatformAndPerPlatform() {
        EnvironmentFile env = read("""
                dependencies: [libtorch]
                system-requirements:
                  cuda: "12.1"
                  glibc: "2.28"
                  linux-64:
                    cuda: "12.4"
                """);
        assertEquals(java.util.Map.of("cuda", "12.4", "glibc", "2.28"),
                env.systemRequirements().forPlatform("linux-64"));
        assertEquals(java.util.Map.of("cuda", "12.1", "glibc", "2.28"),
                env.systemRequirements().forPlatform("linux-aarch64"));
        assertEquals("environment.yml:3:3: unknown system requirement 'gpu' (known: archspec, cuda, glibc, linux, "
                + "osx, or a platform such as linux-64 with its own entries)",
                fails("dependencies: [a]\nsystem-requirements:\n  gpu: \"1\"\n").getMessage());
        assertTrue(fails("dependencies: [a]\nsystem-requirements:\n  cuda: twelve\n").getMessage()
                .startsWith("environment.yml:3:9: system requirement cuda: 'twelve' is not a version"));
    }

    @Test
    void channelPriorityIsStrictUnlessTheFileSaysOtherwise() {
        assertEquals(ChannelPriority.STRICT, read("dependencies: [a]\n").channelPriority());
        assertEquals(ChannelPriority.FLEXIBLE, read("channel-priority: flexible\ndependencies: [a]\n")
                .channelPriority());
        assertEquals("environment.yml:1:19: channel-priority 'loose' is not one of strict, flexible, disabled",
                fails("channel-priority: loose\ndependencies: [a]\n").getMessage());
    }

    @Test
    void unknownKeysAreWarningsWithPosition() {
        EnvironmentFile env = read("name: x\ncolour: blue\ndependencies: [a]\n");
        assertEquals(1, env.warnings().size());
        assertTrue(env.warnings().getFirst().startsWith("environment.yml:2:1: unknown key 'colour'"),
                env.warnings().getFirst());
    }

    @Test
    void malformedYamlNamesLineAndColumn() {
        InputError e = fails("name: x\ndependencies:\n  - a\n  - [b\n");
        assertEquals("environment.yml", e.file());
        assertTrue(e.line() >= 4, e.getMessage());
        assertTrue(e.getMessage().startsWith("environment.yml:" + e.line() + ":" + e.column() + ": malformed YAML"),
                e.getMessage());
        assertTrue(e.getMessage().indexOf('\n') < 0);
    }

    @Test
    void badSpecNamesItsOwnLineAndColumn() {
        InputError e = fails("name: x\ndependencies:\n  - numpy=1.2\n  - scipy>>1\n");
        assertEquals(4, e.line());
        assertEquals(10, e.column());
        assertTrue(e.getMessage().contains("invalid spec 'scipy>>1'"), e.getMessage());
    }

    @Test
    void quotedSpecColumnsPointInsideTheQuotes() {
        InputError e = fails("dependencies:\n  - \"scipy>>1\"\n");
        assertEquals(2, e.line());
        assertEquals(11, e.column());
    }

    @Test
    void wrongTypesAreErrors() {
        assertEquals(1, fails("name: [a, b]\ndependencies: [x]\n").line());
        InputError deps = fails("name: x\ndependencies: numpy\n");
        assertEquals(2, deps.line());
        assertTrue(deps.getMessage().contains("'dependencies' must be a list"), deps.getMessage());
        assertTrue(fails("- a\n- b\n").getMessage().contains("must be a mapping"));
        assertTrue(fails("dependencies:\n  - pip:\n    - x\n").getMessage().contains("unknown dependency section 'pip'"));
        assertTrue(fails("dependencies:\n  - maven:\n    - numpy\n").getMessage().contains("not a Maven coordinate"));
        assertTrue(fails("").getMessage().contains("empty"));
        InputError duplicate = fails("name: a\nname: b\ndependencies: [x]\n");
        assertEquals(2, duplicate.line());
        assertTrue(duplicate.getMessage().contains("duplicate key 'name'"), duplicate.getMessage());
    }
}
