package dev.jconda.channels.index;

import dev.jconda.model.ChannelArtifact;
import dev.jconda.model.ChannelPackage;
import dev.jconda.model.PackageName;
import dev.jconda.model.Version;
import dev.jconda.model.VirtualPackage;
import dev.jconda.platform.Platform;
import dev.jconda.spec.MatchSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuiltinChannelsTest {
    private static final List<Platform> TARGETS =
            List.of(Platform.LINUX_64, Platform.LINUX_AARCH64, Platform.OSX_ARM64, Platform.WIN_64);

    private final BuiltinChannels builtin = new BuiltinChannels();

    private static VirtualPackage virtual(String name, String version) {
        return new VirtualPackage(PackageName.of(name), Version.of(version), "0");
    }

    /** A typical machine of {@code platform}, with a driver for CUDA {@code cuda} (null: no GPU). */
    private static List<VirtualPackage> machine(Platform platform, String cuda) {
        List<VirtualPackage> out = new ArrayList<>();
        if (platform.isLinux()) {
            out.add(virtual("__glibc", "2.36"));
        }
        if (cuda != null) {
            out.add(virtual("__cuda", cuda));
        }
        return out;
    }

    /**
     * What a solver that takes candidates best first and backtracks would pick for {@code spec}: the first candidate
     * whose virtual requirements hold and whose channel requirements can be picked in turn. Maven requirements are
     * the Maven channel's business and are skipped. Enough for these acyclic channels.
     */
    private static Optional<Map<String, ChannelPackage>> pick(IndexChannel channel, String spec,
                                                               List<VirtualPackage> machine) {
        MatchSpec wanted = MatchSpec.parse(spec);
        for (ChannelPackage candidate : channel.packages(wanted.name())) {
            if (!wanted.matches(candidate)) {
                continue;
            }
            Map<String, ChannelPackage> chosen = new LinkedHashMap<>();
            chosen.put(candidate.name().value(), candidate);
            boolean ok = true;
            for (String text : candidate.depends()) {
                MatchSpec dep = MatchSpec.parse(text);
                if (dep.isMaven()) {
                    continue;
                }
                if (dep.name().isVirtual()) {
                    ok &= machine.stream().anyMatch(dep::matches);
                    continue;
                }
                Optional<Map<String, ChannelPackage>> sub = pick(channel, text, machine);
                ok &= sub.isPresent();
                sub.ifPresent(chosen::putAll);
            }
            if (ok) {
                return Optional.of(chosen);
            }
        }
        return Optional.empty();
    }

    private static String maven(ChannelPackage pkg, Platform platform) {
        return pkg.artifacts().get(platform.subdir()).maven();
    }

    @Test
    void everyBuiltinIndexParsesAndEveryDependencyIsAValidSpec() {
        assertEquals(List.of("pytorch", "nvidia", "intel", "onnxruntime"), builtin.names());
        for (String name : builtin.names()) {
            ChannelIndex index = builtin.index(name);
            assertEquals(name, index.channel());
            assertEquals(Optional.empty(), index.mavenRepository(), "builtin channels use Maven Central");
            assertFalse(index.entries().isEmpty(), name);
            for (IndexEntry entry : index.entries()) {
                List<String> specs = new ArrayList<>(entry.pkg().depends());
                specs.addAll(entry.pkg().constrains());
                entry.platformDepends().values().forEach(specs::addAll);
                for (String spec : specs) {
                    assertNotNull(MatchSpec.parse(spec), spec);
                }
                for (ChannelArtifact artifact : entry.pkg().artifacts().values()) {
                    assertNotNull(artifact.maven(), entry.pkg().display() + " comes from Maven Central");
                    assertNull(artifact.sha256(), "Maven artifacts get their checksum at lock time");
                    assertEquals("native", artifact.kind());
                    assertTrue(artifact.extractPrefix().endsWith("/"), artifact.extractPrefix());
                }
            }
        }
    }

    @Test
    void unknownBuiltinChannelsAreNamedInTheError() {
        ChannelUnavailableError e = assertThrows(ChannelUnavailableError.class, () -> builtin.index("conda-forge"));
        assertEquals("channel conda-forge: no builtin channel by that name; builtin channels are pytorch, nvidia, "
                + "intel, onnxruntime", e.getMessage());
    }

    @Test
    void pytorchVersionsAndVariantsPerPlatform() {
        Map<Platform, List<String>> expected = Map.of(
                Platform.LINUX_64, List.of("2.7.1 cpu_0", "2.5.1 cu124_1", "2.5.1 cpu_0", "2.4.0 cu124_1",
                        "2.4.0 cpu_0", "2.3.1 cu121_1", "2.3.1 cpu_0"),
                Platform.WIN_64, List.of("2.7.1 cpu_0", "2.5.1 cu124_1", "2.5.1 cpu_0", "2.4.0 cu124_1",
                        "2.4.0 cpu_0", "2.3.1 cu121_1", "2.3.1 cpu_0"),
                Platform.OSX_ARM64, List.of("2.7.1 cpu_0", "2.5.1 cpu_0", "2.4.0 cpu_0", "2.3.1 cpu_0"),
                Platform.LINUX_AARCH64, List.of("2.7.1 cpu_0"));
        for (Platform platform : TARGETS) {
            List<String> found = builtin.channel("pytorch", platform).packages(PackageName.of("pytorch")).stream()
                    .map(p -> p.version() + " " + p.build()).toList();
            assertEquals(expected.get(platform), found, platform.subdir());
        }
        assertEquals(List.of(), builtin.channel("pytorch", Platform.OSX_64).packages(PackageName.of("pytorch")),
                "DJL publishes no osx-x86_64 libtorch");
    }

    @Test
    void everyPytorchBuildPinsLibtorchAndJniOfItsFlavorForThePlatformsClassifier() {
        for (Platform platform : TARGETS) {
            IndexChannel channel = builtin.channel("pytorch", platform);
            String classifier = platform.classifier();
            for (ChannelPackage pytorch : channel.packages(PackageName.of("pytorch"))) {
                String flavor = pytorch.build().substring(0, pytorch.build().indexOf('_'));
                String what = pytorch.display() + " on " + platform;
                Map<String, ChannelPackage> picked = pick(channel, "pytorch ==" + pytorch.version() + " "
                        + pytorch.build(), machine(platform, "13.0")).orElseThrow(() -> new AssertionError(what));
                ChannelPackage libtorch = picked.get("libtorch");
                assertEquals("ai.djl.pytorch:pytorch-native-" + flavor + ":" + pytorch.version() + ":" + classifier,
                        maven(libtorch, platform), what);
                assertEquals("pytorch/" + flavor + "/" + classifier + "/",
                        libtorch.artifacts().get(platform.subdir()).extractPrefix(), what);
                ChannelPackage jni = picked.get("pytorch-jni");
                String djl = jni.version().text().substring(pytorch.version().text().length() + 1);
                assertEquals("ai.djl.pytorch:pytorch-jni:" + pytorch.version() + "-" + djl, maven(jni, platform));
                assertEquals("jnilib/" + classifier + "/" + flavor + "/",
                        jni.artifacts().get(platform.subdir()).extractPrefix(), what);
                assertTrue(pytorch.depends().contains("ai.djl.pytorch:pytorch-engine==" + djl), what);
                assertTrue(pytorch.depends().contains("ai.djl:api==" + djl), what);
                assertFalse(djl.startsWith("0.31."), "DJL 0.31 has no pytorch-jni on Central");
                assertTrue(pytorch.artifacts().isEmpty(), "pytorch is a metapackage");
            }
        }
    }

    @Test
    void pytorchTakesTheCudaBuildWhenTheDriverIsNewEnoughAndCpuOtherwise() {
        IndexChannel linux = builtin.channel("pytorch", Platform.LINUX_64);
        Map<String, ChannelPackage> gpu = pick(linux, "pytorch=2.5", machine(Platform.LINUX_64, "12.4")).orElseThrow();
        assertEquals("pytorch 2.5.1 cu124_1", gpu.get("pytorch").display());
        assertEquals("ai.djl.pytorch:pytorch-native-cu124:2.5.1:linux-x86_64", maven(gpu.get("libtorch"),
                Platform.LINUX_64));

        Map<String, ChannelPackage> cpu = pick(linux, "pytorch=2.5", machine(Platform.LINUX_64, null)).orElseThrow();
        assertEquals("pytorch 2.5.1 cpu_0", cpu.get("pytorch").display());
        assertEquals("ai.djl.pytorch:pytorch-native-cpu:2.5.1:linux-x86_64", maven(cpu.get("libtorch"),
                Platform.LINUX_64));
        assertEquals("jnilib/linux-x86_64/cpu/",
                cpu.get("pytorch-jni").artifacts().get("linux-64").extractPrefix());

        List<VirtualPackage> oldDriver = machine(Platform.LINUX_64, "12.2");
        assertEquals("pytorch 2.5.1 cpu_0", pick(linux, "pytorch=2.5", oldDriver).orElseThrow().get("pytorch")
                .display(), "CUDA 12.2 is too old for cu124");
        assertEquals("pytorch 2.3.1 cu121_1", pick(linux, "pytorch=2.3", oldDriver).orElseThrow().get("pytorch")
                .display());

        IndexChannel windows = builtin.channel("pytorch", Platform.WIN_64);
        assertEquals("ai.djl.pytorch:pytorch-native-cu124:2.4.0:win-x86_64", maven(pick(windows, "pytorch=2.4",
                machine(Platform.WIN_64, "12.8")).orElseThrow().get("libtorch"), Platform.WIN_64));
    }

    @Test
    void pytorchOnArmIsTheNewestCpuBuildOnly() {
        IndexChannel aarch64 = builtin.channel("pytorch", Platform.LINUX_AARCH64);
        assertEquals(Optional.empty(), pick(aarch64, "pytorch=2.5", machine(Platform.LINUX_AARCH64, null)),
                "DJL has no cxx11-ABI libtorch 2.5.1 for linux-aarch64");
        Map<String, ChannelPackage> latest = pick(aarch64, "pytorch", machine(Platform.LINUX_AARCH64, "12.4"))
                .orElseThrow();
        assertEquals("ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-aarch64",
                maven(latest.get("libtorch"), Platform.LINUX_AARCH64));

        IndexChannel mac = builtin.channel("pytorch", Platform.OSX_ARM64);
        assertEquals("ai.djl.pytorch:pytorch-native-cpu:2.5.1:osx-aarch64", maven(pick(mac, "pytorch=2.5",
                machine(Platform.OSX_ARM64, null)).orElseThrow().get("libtorch"), Platform.OSX_ARM64));
    }

    @Test
    void libtorchOnLinuxNeedsTheGlibcItWasBuiltAgainst() {
        IndexChannel linux = builtin.channel("pytorch", Platform.LINUX_64);
        assertEquals(Optional.empty(), pick(linux, "pytorch", List.of(virtual("__glibc", "2.28"))),
                "libtorch_cpu.so needs GLIBC_2.29 on x86-64");
        assertTrue(pick(linux, "pytorch", List.of(virtual("__glibc", "2.29"))).isPresent());
    }

    @Test
    void cudaRuntimeAndCudnnComeFromJavaCppOnLinuxAndWindowsOnly() {
        for (Platform platform : Platform.values()) {
            IndexChannel nvidia = builtin.channel("nvidia", platform);
            Optional<Map<String, ChannelPackage>> cudnn = pick(nvidia, "cudnn", machine(platform, "12.6"));
            if (platform.isOsx()) {
                assertEquals(Optional.empty(), cudnn, platform.subdir());
                continue;
            }
            String javacpp = platform == Platform.LINUX_64 ? "linux-x86_64"
                    : platform == Platform.LINUX_AARCH64 ? "linux-arm64" : "windows-x86_64";
            ChannelPackage runtime = cudnn.orElseThrow().get("cuda-runtime");
            assertEquals("org.bytedeco:cuda:12.6-9.5-1.5.11:" + javacpp + "-redist", maven(runtime, platform));
            assertEquals("org/bytedeco/cuda/" + javacpp + "/",
                    runtime.artifacts().get(platform.subdir()).extractPrefix());
            assertEquals(Optional.empty(), pick(nvidia, "cudnn", machine(platform, "12.4")),
                    "CUDA 12.6 needs a 12.6 driver");
        }
    }

    @Test
    void mklIsOfferedOnX86OnlyFromJavaCppsRedistJars() {
        for (Platform platform : Platform.values()) {
            List<ChannelPackage> mkl = builtin.channel("intel", platform).packages(PackageName.of("mkl"));
            if (platform == Platform.LINUX_64 || platform == Platform.WIN_64) {
                String javacpp = platform == Platform.LINUX_64 ? "linux-x86_64" : "windows-x86_64";
                assertEquals("org.bytedeco:mkl:2025.0-1.5.11:" + javacpp + "-redist",
                        maven(mkl.getFirst(), platform));
                assertEquals("org/bytedeco/mkl/" + javacpp + "/",
                        mkl.getFirst().artifacts().get(platform.subdir()).extractPrefix());
            } else {
                assertEquals(List.of(), mkl, platform.subdir());
            }
        }
    }

    @Test
    void onnxRuntimeIsOneMetapackagePinningDjlsEngineToItsRuntime() {
        for (Platform platform : TARGETS) {
            List<ChannelPackage> onnx = builtin.channel("onnxruntime", platform)
                    .packages(PackageName.of("onnxruntime"));
            assertEquals(1, onnx.size(), platform.subdir());
            ChannelPackage p = onnx.getFirst();
            assertTrue(MatchSpec.parse("onnxruntime=1.20").matches(p), p.toString());
            assertTrue(p.artifacts().isEmpty(), "the natives ride inside Microsoft's jar: " + p.artifacts());
            assertTrue(p.depends().contains("ai.djl.onnxruntime:onnxruntime-engine==0.32.0"), p.depends().toString());
            assertTrue(p.depends().contains("com.microsoft.onnxruntime:onnxruntime==1.20.0"), p.depends().toString());
            assertTrue(pick(builtin.channel("onnxruntime", platform), "onnxruntime", machine(platform, null))
                    .isPresent(), platform.subdir());
        }
    }
}
