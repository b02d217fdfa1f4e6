package dev.jconda.channels.index;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small channel written at test time: cpu and CUDA variants, a noarch package, a package missing on win-64. */
final class TestChannels {
    static final String MODELS_SHA256 = "a".repeat(64);

    /** Packages deliberately out of order, so ordering is the channel's work and not the file's. */
    static final String INDEX = """
            channel: testchan
            packages:
              - name: engine
                version: "1.0"
                build: cpu_0
                build_number: 0
                artifacts:
                  linux-64:
                    maven: org.example:engine-native-cpu:1.0:linux-x86_64
                    kind: native
                    extract: native/cpu/linux-x86_64
                    depends: ["__glibc >=2.17"]
                  osx-arm64:
                    maven: org.example:engine-native-cpu:1.0:osx-aarch64
                    kind: native
                  win-64:
                    maven: org.example:engine-native-cpu:1.0:win-x86_64
                    kind: native
              - name: engine
                version: "0.9"
                build: cpu_0
                artifacts:
                  linux-64: {maven: "org.example:engine-native-cpu:0.9:linux-x86_64", kind: native}
              - name: engine
                version: "1.0"
                build: cu124_1
                build_number: 1
                depends: ["__cuda >=12.4"]
                artifacts:
                  linux-64: {maven: "org.example:engine-native-cu124:1.0:linux-x86_64", kind: native}
                  win-64: {maven: "org.example:engine-native-cu124:1.0:win-x86_64", kind: native}
              - name: engine
                version: "1.10"
                build: cpu_0
                artifacts:
                  linux-64: {maven: "org.example:engine-native-cpu:1.10:linux-x86_64", kind: native}
              - name: engine
                version: "1.2"
                build: cpu_0
                artifacts:
                  linux-64: {maven: "org.example:engine-native-cpu:1.2:linux-x86_64", kind: native}
              - name: models
                version: "3"
                build: "0"
                artifacts:
                  noarch:
                    url: files/models-3.zip
                    sha256: %s
                    size: 1234
                    kind: native
                    extract: models/
              - name: tool
                version: "2.0"
                depends: ["engine >=1.0", "org.example:tool-api==2.0"]
                constrains: ["models >=3"]
                artifacts:
                  linux-64: {maven: "org.example:tool:2.0", kind: jar}
                  osx-arm64: {maven: "org.example:tool:2.0", kind: jar}
              - name: suite
                version: "1.0"
                depends: ["tool ==2.0", "models"]
                subdirs: [linux-64, osx-arm64]
            """.formatted(MODELS_SHA256);

    private TestChannels() {
    }

    /** Writes {@link #INDEX} as {@code folder/index.yml} and returns the folder. */
    static Path write(Path folder) throws IOException {
        return write(folder, INDEX);
    }

    static Path write(Path folder, String index) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("index.yml"), index, StandardCharsets.UTF_8);
        return folder;
    }
}
