package dev.jconda.platform;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlatformReportTest {

    private static PlatformReport report() {
        MachineFacts machine = VirtualPackagesTest.LINUX_WITH_GPU;
        return PlatformReport.of(machine, new VirtualPackages(machine, Map.of()).forCurrentPlatform())
                .withCacheDir(Path.of("/home/ada/.jconda/pkgs"))
                .withEnvironments(List.of(
                        new PlatformReport.Environment("base", Path.of("/home/ada/.jconda")),
                        new PlatformReport.Environment("torch-gpu", Path.of("/home/ada/.jconda/envs/torch-gpu"))));
    }

    @Test
    void textIsAlignedKeyValueLines() {
        assertEquals("""
                         platform : linux-64
                              cpu : AMD EPYC
                        cpu count : 8
                microarchitecture : x86_64_v3
                           memory : 16.0 GiB
                 virtual packages : __archspec=1=x86_64_v3
                                    __cuda=12.4=0
                                    __glibc=2.36=0
                                    __linux=6.1.0=0
                                    __unix=0=0
                             gpus : NVIDIA NVIDIA H100 80GB HBM3 (80.0 GiB)
                    nvidia driver : 550.54.15
                     cuda version : 12.4
                        cache dir : /home/ada/.jconda/pkgs
                     environments : base       /home/ada/.jconda
                                    torch-gpu  /home/ada/.jconda/envs/torch-gpu
                """, report().toText());
    }

    @Test
    void unknownFactsReadAsNoneOrUnknown() {
        MachineFacts bare = new MachineFacts(Platform.WIN_64, null, null, null, null, 0, 0, List.of(), null, null);
        String text = PlatformReport.of(bare, List.of()).toText();
        assertTrue(text.contains(" gpus : none\n"), text);
        assertTrue(text.contains("cuda version : none\n"), text);
        assertTrue(text.contains("   cache dir : unknown\n"), text);
    }

    @Test
    void jsonHasAFixedShapeAndKeyOrder() {
        assertEquals("""
                {
                  "platform": "linux-64",
                  "cpu": {
                    "model": "AMD EPYC",
                    "count": 8,
                    "microarchitecture": "x86_64_v3"
                  },
                  "memory_bytes": 17179869184,
                  "virtual_packages": [
                    {
                      "name": "__archspec",
                      "version": "1",
                      "build": "x86_64_v3"
                    },
                    {
                      "name": "__cuda",
                      "version": "12.4",
                      "build": "0"
                    },
                    {
                      "name": "__glibc",
                      "version": "2.36",
                      "build": "0"
                    },
                    {
                      "name": "__linux",
                      "version": "6.1.0",
                      "build": "0"
                    },
                    {
                      "name": "__unix",
                      "version": "0",
                      "build": "0"
                    }
                  ],
                  "gpus": [
                    {
                      "vendor": "NVIDIA",
                      "name": "NVIDIA H100 80GB HBM3",
                      "memory_bytes": 85899345920
                    }
                  ],
                  "nvidia_driver_version": "550.54.15",
                  "cuda_version": "12.4",
                  "cache_dir": "/home/ada/.jconda/pkgs",
                  "environments": [
                    {
                      "name": "base",
                      "prefix": "/home/ada/.jconda"
                    },
                    {
                      "name": "torch-gpu",
                      "prefix": "/home/ada/.jconda/envs/torch-gpu"
                    }
                  ]
                }
                """, report().toJson());
    }

    @Test
    void jsonWritesUnknownsAsNullAndEmptyListsInline() {
        MachineFacts bare = new MachineFacts(Platform.WIN_64, null, null, null, null, 0, 0, List.of(), null, null);
        String json = PlatformReport.of(bare, List.of()).toJson();
        assertTrue(json.contains("\"model\": null,"), json);
        assertTrue(json.contains("\"virtual_packages\": [],"), json);
        assertTrue(json.contains("\"cuda_version\": null,"), json);
        assertTrue(json.contains("\"environments\": []\n}"), json);
    }

    @Test
    void jsonEscapesQuotesBackslashesAndControlCharacters() {
        MachineFacts odd = new MachineFacts(Platform.WIN_64, null, null, null,
                "CPU \"quoted\" C:\\path\ttab\nnewline\u0001\u2028é", 1, 1, List.of(), null, null);
        String json = PlatformReport.of(odd, List.of())
                .withEnvironments(List.of(new PlatformReport.Environment("a\"b", Path.of("envs"))))
                .toJson();
        assertTrue(json.contains(
                "\"model\": \"CPU \\\"quoted\\\" C:\\\\path\\ttab\\nnewline\\u0001\\u2028é\""), json);
        assertTrue(json.contains("\"name\": \"a\\\"b\""), json);
        // every line is a JSON line: the newline in the model name did not break one
        assertTrue(json.lines().noneMatch(line -> line.startsWith("newline")), json);
    }

    @Test
    void bytesReadForHumans() {
        assertEquals("512 B", PlatformReport.humanBytes(512));
        assertEquals("1.5 KiB", PlatformReport.humanBytes(1536));
        assertEquals("80.0 GiB", PlatformReport.humanBytes(80L << 30));
    }
}
