package dev.jconda.lock;

import dev.jconda.spec.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The channel and checksum source each locked package records, and locks written before they existed. */
class LockProvenanceTest {
    @TempDir
    Path dir;

    private static final String OLD_LOCK = """
            version: 1
            name: old
            inputs-hash: "sha256:0000000000000000000000000000000000000000000000000000000000000000"
            channels: [maven-central]
            specs: [org.fix:lib]
            platforms:
              linux-64:
                packages:
                  - name: org.fix:lib
                    version: "2.0"
                    kind: maven
                    coordinates: org.fix:lib:jar:2.0
                    file: lib-2.0.jar
                    url: https://repo.maven.apache.org/maven2/org/fix/lib/2.0/lib-2.0.jar
                    sha256: "%s"
                    size: 10
                    install: classpath
            """.formatted("a".repeat(64));

    @Test
    void aLockWithoutProvenanceStillReads() throws Exception {
        Path file = Files.writeString(dir.resolve("jconda-lock.yml"), OLD_LOCK);
        LockedPackage p = new LockFileReader().read(file).packages("linux-64").orElseThrow().getFirst();
        assertEquals("", p.sourceChannel());
        assertNull(p.checksumSource());
    }

    @Test
    void provenanceSurvivesAWriteAndARead() throws Exception {
        Path file = Files.writeString(dir.resolve("jconda-lock.yml"), OLD_LOCK);
        LockFile old = new LockFileReader().read(file);
        LockedPackage p = old.packages("linux-64").orElseThrow().getFirst()
                .withProvenance("file:///srv/internal/", ChecksumSource.PUBLISHED_SHA1);
        TreeMap<String, List<LockedPackage>> platforms = new TreeMap<>();
        platforms.put("linux-64", List.of(p));
        LockFile lock = new LockFile(1, "old", old.inputsHash(), old.channels(), old.specs(), platforms);
        String text = new LockFileWriter().render(lock);
        assertTrue(text.contains("        source-channel: file:///srv/internal/\n        checksum-source: published-sha1\n"),
                text);
        new LockFileWriter().write(lock, file);
        assertEquals(p, new LockFileReader().read(file).packages("linux-64").orElseThrow().getFirst());
    }

    @Test
    void anUnknownChecksumSourceIsAnErrorNamingTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("jconda-lock.yml"), OLD_LOCK.replace("install: classpath",
                "install: classpath\n        checksum-source: trust-me"));
        InputError e = assertThrows(InputError.class, () -> new LockFileReader().read(file));
        assertTrue(e.getMessage().contains("jconda-lock.yml") && e.getMessage().contains("trust-me"),
                e.getMessage());
    }
}
