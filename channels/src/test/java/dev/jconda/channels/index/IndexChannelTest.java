package dev.jconda.channels.index;

import com.sun.net.httpserver.HttpServer;
import dev.jconda.model.ChannelArtifact;
import dev.jconda.model.ChannelPackage;
import dev.jconda.model.PackageName;
import dev.jconda.platform.Platform;
import dev.jconda.spec.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexChannelTest {
    @TempDir
    Path temp;

    private IndexChannel channel(Platform platform) throws IOException {
        return new IndexChannel(TestChannels.write(temp.resolve("chan")).toString(), platform,
                temp.resolve("cache"), false);
    }

    private static List<String> displays(List<ChannelPackage> packages) {
        return packages.stream().map(ChannelPackage::display).toList();
    }

    @Test
    void packagesComeBestFirstHigherVersionThenHigherBuildNumber() throws IOException {
        List<ChannelPackage> engines = channel(Platform.LINUX_64).packages(PackageName.of("engine"));
        assertEquals(List.of("engine 1.10 cpu_0", "engine 1.2 cpu_0", "engine 1.0 cu124_1", "engine 1.0 cpu_0",
                "engine 0.9 cpu_0"), displays(engines));
    }

    @Test
    void cudaBuildOfAVersionComesBeforeItsCpuBuildAndCarriesTheCudaRequirement() throws IOException {
        List<ChannelPackage> engines = channel(Platform.WIN_64).packages(PackageName.of("engine"));
        assertEquals(List.of("engine 1.0 cu124_1", "engine 1.0 cpu_0"), displays(engines));
        assertEquals(List.of("__cuda >=12.4"), engines.get(0).depends());
        assertEquals(List.of(), engines.get(1).depends());
    }

    @Test
    void onlyPackagesBuiltForThePlatformAreOffered() throws IOException {
        IndexChannel osx = channel(Platform.OSX_ARM64);
        assertEquals(List.of("engine 1.0 cpu_0"), displays(osx.packages(PackageName.of("engine"))));
        IndexChannel win = channel(Platform.WIN_64);
        assertEquals(List.of(), win.packages(PackageName.of("tool")));
        assertEquals(List.of(), win.packages(PackageName.of("suite")));
        IndexChannel aarch64 = channel(Platform.LINUX_AARCH64);
        assertEquals(List.of(), aarch64.packages(PackageName.of("engine")));
        assertEquals(List.of(PackageName.of("models")), List.copyOf(aarch64.packageNames()));
    }

    @Test
    void eachPackageCarriesOnlyThePlatformsArtifactAndDependencies() throws IOException {
        ChannelPackage linux = channel(Platform.LINUX_64).packages(PackageName.of("engine")).get(3);
        assertEquals("engine 1.0 cpu_0", linux.display());
        assertEquals(List.of("linux-64"), List.copyOf(linux.artifacts().keySet()));
        ChannelArtifact artifact = linux.artifacts().get("linux-64");
        assertEquals("org.example:engine-native-cpu:1.0:linux-x86_64", artifact.maven());
        assertEquals("native", artifact.kind());
        assertEquals("native/cpu/linux-x86_64/", artifact.extractPrefix(), "a trailing slash is added");
        assertNull(artifact.sha256(), "Maven artifacts get their checksum at lock time");
        assertEquals(List.of("__glibc >=2.17"), linux.depends(), "linux-64's own dependency is added");
        ChannelPackage osx = channel(Platform.OSX_ARM64).packages(PackageName.of("engine")).getFirst();
        assertEquals(List.of(), osx.depends(), "linux-64's dependency stays on linux-64");
        assertEquals("testchan", osx.channel());
    }

    @Test
    void noarchArtifactsAreOfferedOnEveryPlatformUnderThatPlatformsSubdir() throws IOException {
        for (Platform platform : Platform.values()) {
            List<ChannelPackage> models = channel(platform).packages(PackageName.of("models"));
            assertEquals(1, models.size(), platform.subdir());
            ChannelArtifact artifact = models.getFirst().artifacts().get(platform.subdir());
            assertEquals(temp.resolve("chan/files/models-3.zip").toUri().toString(), artifact.url(),
                    "relative URLs resolve against the index");
            assertEquals(TestChannels.MODELS_SHA256, artifact.sha256());
            assertEquals(1234, artifact.size());
            assertEquals("models/", artifact.extractPrefix());
        }
    }

    @Test
    void metapackagesInstallNothingAndExistOnlyWhereTheySayTheyDo() throws IOException {
        ChannelPackage suite = channel(Platform.OSX_ARM64).packages(PackageName.of("suite")).getFirst();
        assertTrue(suite.artifacts().isEmpty());
        assertEquals(List.of("tool ==2.0", "models"), suite.depends());
        ChannelPackage tool = channel(Platform.OSX_ARM64).packages(PackageName.of("tool")).getFirst();
        assertEquals("tool 2.0 0", tool.display(), "the build defaults to the build number");
        assertEquals(List.of("models >=3"), tool.constrains());
    }

    @Test
    void mavenAndVirtualNamesAreNotChannelPackages() throws IOException {
        IndexChannel linux = channel(Platform.LINUX_64);
        assertEquals(List.of(), linux.packages(PackageName.of("org.example:tool")));
        assertEquals(List.of(), linux.packages(PackageName.of("__cuda")));
        assertEquals(List.of(), linux.packages(PackageName.of("no-such-package")));
    }

    @Test
    void loadsFromAFileUrlAndFromTheIndexFileItself() throws IOException {
        Path folder = TestChannels.write(temp.resolve("by url"));
        IndexChannel fromUrl = new IndexChannel(folder.toUri().toString(), Platform.LINUX_64, temp, true);
        assertEquals("testchan", fromUrl.name());
        assertEquals(5, fromUrl.packages(PackageName.of("engine")).size());
        IndexChannel fromFile = new IndexChannel(folder.resolve("index.yml").toUri().toString(), Platform.LINUX_64,
                temp, true);
        assertEquals(5, fromFile.packages(PackageName.of("engine")).size());
        assertEquals(folder.resolve("files/models-3.zip").toUri().toString(),
                fromFile.packages(PackageName.of("models")).getFirst().artifacts().get("linux-64").url());
    }

    @Test
    void aMalformedIndexNamesTheFileLineAndColumn() throws IOException {
        Path folder = TestChannels.write(temp.resolve("bad"), """
                channel: bad
                packages:
                  - name: engine
                    version: "1.0"
                    depends: ["__cuda >>12"]
                    subdirs: [linux-64]
                """);
        InputError e = assertThrows(InputError.class,
                () -> new IndexChannel(folder.toString(), Platform.LINUX_64, temp, false));
        assertEquals(folder.resolve("index.yml").toString(), e.file());
        assertEquals(5, e.line());
        assertTrue(e.getMessage().startsWith(folder.resolve("index.yml") + ":5:"), e.getMessage());
        assertTrue(e.getMessage().contains("__cuda >>12"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aFolderWithoutAnIndexIsUnavailableNotMalformed() {
        ChannelUnavailableError e = assertThrows(ChannelUnavailableError.class,
                () -> new IndexChannel(temp.toString(), Platform.LINUX_64, temp.resolve("cache"), false));
        assertEquals("channel " + temp + ": no index.yml in " + temp, e.getMessage());
    }

    @Test
    void downloadsOverHttpCachesTheIndexAndRevalidatesWithItsEtag() throws IOException {
        List<String> requests = new ArrayList<>();
        AtomicReference<String> body = new AtomicReference<>(TestChannels.INDEX);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/channels/testchan/", exchange -> {
            String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
            requests.add(exchange.getRequestURI().getPath() + " " + ifNoneMatch);
            String etag = "\"" + Integer.toHexString(body.get().hashCode()) + "\"";
            exchange.getResponseHeaders().add("ETag", etag);
            if (etag.equals(ifNoneMatch)) {
                exchange.sendResponseHeaders(304, -1);
            } else {
                byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/channels/testchan";
            Path cache = temp.resolve("cache");
            IndexChannel first = new IndexChannel(url, Platform.LINUX_64, cache, false);
            assertEquals(5, first.packages(PackageName.of("engine")).size());
            assertEquals(url + "/files/models-3.zip",
                    first.packages(PackageName.of("models")).getFirst().artifacts().get("linux-64").url());

            IndexChannel second = new IndexChannel(url, Platform.LINUX_64, cache, false);
            assertEquals(5, second.packages(PackageName.of("engine")).size());
            assertTrue(requests.get(1).endsWith("\"" + Integer.toHexString(TestChannels.INDEX.hashCode()) + "\""),
                    "the second request is conditional: " + requests);

            body.set(TestChannels.INDEX.replace("channel: testchan", "channel: renamed"));
            assertEquals("renamed", new IndexChannel(url, Platform.LINUX_64, cache, false).name());
            assertEquals(List.of("/channels/testchan/index.yml"),
                    requests.stream().map(r -> r.split(" ")[0]).distinct().toList());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void offlineUsesTheCachedCopyAndFailsClearlyWithoutOne() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = TestChannels.INDEX.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/jvm/index.yml";
        Path cache = temp.resolve("cache");
        ChannelUnavailableError never = assertThrows(ChannelUnavailableError.class,
                () -> new IndexChannel(url, Platform.LINUX_64, cache, true));
        assertTrue(never.getMessage().startsWith("channel " + url + ": offline, and " + url
                + " was never downloaded"), never.getMessage());
        try {
            new IndexChannel(url, Platform.LINUX_64, cache, false);
        } finally {
            server.stop(0);
        }
        IndexChannel offline = new IndexChannel(url, Platform.LINUX_64, cache, true);
        assertEquals("testchan", offline.name());
        ChannelUnavailableError down = assertThrows(ChannelUnavailableError.class,
                () -> new IndexChannel(url, Platform.LINUX_64, cache, false));
        assertTrue(down.getMessage().contains("cannot download " + url), down.getMessage());
        assertTrue(down.getMessage().endsWith("a cached copy exists, run with --offline to use it"),
                down.getMessage());
    }

    @Test
    void aMissingRemoteIndexIsAnHttpErrorThatSaysWhatWasAskedFor() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/nothing/";
            ChannelUnavailableError e = assertThrows(ChannelUnavailableError.class,
                    () -> new IndexChannel(url, Platform.LINUX_64, temp.resolve("cache"), false));
            assertTrue(e.getMessage().startsWith("channel " + url + ": HTTP 404 for " + url + "index.yml"),
                    e.getMessage());
            assertTrue(Files.notExists(temp.resolve("cache")));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void channelUrlsWithCredentialsOrOtherSchemesAreRefused() {
        assertThrows(ChannelUnavailableError.class,
                () -> new IndexChannel("https://user:secret@example.org/c", Platform.LINUX_64, temp, true));
        ChannelUnavailableError ftp = assertThrows(ChannelUnavailableError.class,
                () -> new IndexChannel("ftp://example.org/c", Platform.LINUX_64, temp, true));
        assertTrue(ftp.getMessage().contains("unsupported URL scheme 'ftp'"), ftp.getMessage());
    }
}
