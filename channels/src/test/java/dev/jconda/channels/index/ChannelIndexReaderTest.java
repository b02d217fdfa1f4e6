package dev.jconda.channels.index;

import dev.jconda.model.ChannelPackage;
import dev.jconda.spec.InputError;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelIndexReaderTest {
    private static final URI BASE = URI.create("https://example.org/jvm/index.yml");

    private static ChannelIndex read(String yaml) {
        return new ChannelIndexReader().read(yaml, "index.yml", BASE);
    }

    /** The one-line message of reading {@code yaml}, which must fail. */
    private static String error(String yaml) {
        InputError e = assertThrows(InputError.class, () -> read(yaml));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    private static String withPackage(String body) {
        return "channel: c\npackages:\n  - name: p\n    version: \"1.0\"\n" + body;
    }

    @Test
    void readsTheWholeIndexInFileOrder() {
        ChannelIndex index = read(TestChannels.INDEX);
        assertEquals("testchan", index.channel());
        assertEquals("index.yml", index.source());
        assertEquals(Optional.empty(), index.mavenRepository());
        assertEquals(List.of("engine 1.0 cpu_0", "engine 0.9 cpu_0", "engine 1.0 cu124_1", "engine 1.10 cpu_0",
                        "engine 1.2 cpu_0", "models 3 0", "tool 2.0 0", "suite 1.0 0"),
                index.entries().stream().map(e -> e.pkg().display()).toList());
        IndexEntry engine = index.entries().getFirst();
        assertEquals(java.util.Set.of("linux-64", "osx-arm64", "win-64"), engine.subdirs());
        assertEquals(List.of("__glibc >=2.17"), engine.platformDepends().get("linux-64"));
        assertTrue(index.entries().getLast().isMetapackage());
    }

    @Test
    void aChannelMayNameItsOwnMavenRepository() {
        ChannelIndex index = read("channel: c\nmaven-repository: https://maven.example.org/releases\npackages: []\n");
        assertEquals(Optional.of(URI.create("https://maven.example.org/releases/")), index.mavenRepository());
    }

    @Test
    void absoluteArtifactUrlsAreKeptAndRelativeOnesResolveAgainstTheIndex() {
        String sha = "0123456789abcdef".repeat(4);
        ChannelIndex index = read(withPackage("""
                    artifacts:
                      linux-64: {url: "https://cdn.example.org/p-1.0.tar.gz", sha256: %s, kind: native}
                      win-64: {url: "win/p-1.0.zip", sha256: %s, kind: jdk}
                """.formatted(sha, sha.toUpperCase())));
        ChannelPackage p = index.entries().getFirst().pkg();
        assertEquals("https://cdn.example.org/p-1.0.tar.gz", p.artifacts().get("linux-64").url());
        assertEquals("https://example.org/jvm/win/p-1.0.zip", p.artifacts().get("win-64").url());
        assertEquals(sha, p.artifacts().get("win-64").sha256(), "checksums are kept in lowercase");
    }

    @Test
    void brokenYamlIsReportedWhereTheParserStopped() {
        assertEquals("index.yml:4:1: malformed YAML: expected ',' or ']', but got <stream end>",
                error("channel: c\npackages:\n  - [name\n"));
    }

    @Test
    void aBadDependencyIsReportedAtTheOffendingPartOfTheSpec() {
        String message = error(withPackage("    depends:\n      - \"__cuda >>12.4\"\n    subdirs: [noarch]\n"));
        assertEquals("index.yml:6:17: invalid spec '__cuda >>12.4': unknown operator '>>'", message);
    }

    @Test
    void unknownKeysAreErrorsBecauseAMisspeltKeyWouldDropData() {
        assertEquals("index.yml:5:5: unknown key 'depend' in a package; known keys: name, version, build, "
                        + "build_number, depends, constrains, artifacts, subdirs",
                error(withPackage("    depend: [x]\n    subdirs: [noarch]\n")));
        assertTrue(error("chanel: c\npackages: []\n").startsWith("index.yml:1:1: unknown key 'chanel'"));
    }

    @Test
    void missingRequiredFieldsPointAtTheirOwner() {
        assertEquals("index.yml:3:5: package 'p' has no 'version:'",
                error("channel: c\npackages:\n  - name: p\n    subdirs: [noarch]\n"));
        assertEquals("index.yml:1:1: the index has no 'channel:'", error("packages: []\n"));
        assertTrue(error(withPackage("    build: cpu_0\n"))
                .startsWith("index.yml:3:5: package p 1.0 cpu_0 needs 'artifacts:'"));
    }

    @Test
    void artifactsAreCheckedFieldByField() {
        assertEquals("index.yml:6:7: unknown subdir 'linux-armv7l'; expected one of linux-64, linux-aarch64, "
                        + "osx-64, osx-arm64, win-64, noarch",
                error(withPackage("    artifacts:\n      linux-armv7l: {maven: \"a:b:1\", kind: native}\n")));
        assertTrue(error(withPackage("    artifacts:\n      noarch: {url: \"p.zip\", kind: native}\n"))
                .startsWith("index.yml:6:15: the artifact of package p 1.0 0 on noarch has a 'url:' but no "
                        + "'sha256:'"));
        assertTrue(error(withPackage("    artifacts:\n      noarch: {maven: \"a:b\", kind: jar}\n"))
                .startsWith("index.yml:6:23: invalid Maven coordinate 'a:b'"));
        assertTrue(error(withPackage("    artifacts:\n      noarch: {maven: \"a:b:1\", kind: zip}\n"))
                .startsWith("index.yml:6:38: unknown kind 'zip'; expected one of native, jar, jdk"));
        assertTrue(error(withPackage("    artifacts:\n      noarch: {maven: \"a:b:1\", sha256: x, kind: jar}\n"))
                .contains("'sha256' is only for 'url:' artifacts"));
        assertTrue(error(withPackage("    artifacts:\n      noarch: {maven: \"a:b:1\", kind: native, extract: "
                + "../x/}\n")).contains("'extract' must not contain '.' or '..' segments"));
        assertTrue(error(withPackage("    artifacts:\n      noarch: {maven: \"a:b:1\", url: \"x\", kind: jar}\n"))
                .contains("needs exactly one of 'maven:' and 'url:'"));
    }

    @Test
    void namesVersionsAndNumbersAreValidated() {
        assertTrue(error("channel: c\npackages:\n  - name: __cuda\n    version: \"1\"\n    subdirs: [noarch]\n")
                .startsWith("index.yml:3:11: '__cuda' is a virtual package name"));
        assertTrue(error("channel: c\npackages:\n  - name: p\n    version: \">=1\"\n    subdirs: [noarch]\n")
                .startsWith("index.yml:4:14: invalid version '>=1'"));
        assertTrue(error(withPackage("    build_number: -1\n    subdirs: [noarch]\n"))
                .startsWith("index.yml:5:19: 'build_number' must be a whole number >= 0, not '-1'"));
        assertTrue(error(withPackage("    build: cpu-0\n    subdirs: [noarch]\n"))
                .startsWith("index.yml:5:12: invalid build string 'cpu-0'"));
    }

    @Test
    void thePackageListIsCheckedAsAWhole() {
        String twice = withPackage("    subdirs: [noarch]\n") + "  - {name: p, version: \"1.0\", subdirs: [linux-64]}\n";
        assertEquals("index.yml:6:5: package p 1.0 0 is listed twice", error(twice));
        assertTrue(error(withPackage("    subdirs: [noarch]\n    artifacts: {noarch: {maven: \"a:b:1\", kind: jar}}\n"))
                .contains("has both 'artifacts:' and 'subdirs:'"));
        assertEquals("index.yml:1:1: the index is empty; expected 'channel:' and 'packages:'", error(""));
    }

    @Test
    void relativeUrlsNeedAnIndexWithALocation() {
        InputError e = assertThrows(InputError.class, () -> new ChannelIndexReader().read(
                withPackage("    artifacts:\n      noarch: {url: p.zip, sha256: " + "0".repeat(64) + ", kind: jar}\n"),
                "builtin:c/index.yml", null));
        assertTrue(e.getMessage().startsWith("builtin:c/index.yml:6:21: relative URL 'p.zip'"), e.getMessage());
    }
}
