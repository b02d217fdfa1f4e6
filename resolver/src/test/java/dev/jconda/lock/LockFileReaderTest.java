package dev.jconda.lock;

import dev.jconda.spec.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A lockfile comes from a pull request: every field is checked on read, with the place of the problem. */
class LockFileReaderTest {
    private static final String SHA = "a".repeat(64);

    @TempDir
    Path dir;

    private String validLock() {
        LockedPackage jar = new LockedPackage("org.x:lib", "1.0", LockedPackage.Kind.MAVEN, "", "", "org.x:lib:jar:1.0",
                "lib-1.0.jar", "https://repo.example/org/x/lib/1.0/lib-1.0.jar", SHA, "", 12,
                LockedPackage.Install.CLASSPATH, "", List.of(), true);
        return new LockFileWriter().render(new LockFile(1, "demo", "sha256:" + "b".repeat(64), List.of("maven-central"),
                List.of("org.x:lib"), new TreeMap<>(Map.of("linux-64", List.of(jar)))));
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("jconda-lock.yml"), text);
    }

    private InputError refused(String from, String to) throws IOException {
        String text = validLock();
        assertTrue(text.contains(from), text);
        Path file = write(text.replace(from, to));
        return assertThrows(InputError.class, () -> new LockFileReader().read(file));
    }

    @Test
    void writtenLockReadsBackUnchanged() throws IOException {
        LockFile lock = new LockFileReader().read(write(validLock()));
        assertEquals(validLock(), new LockFileWriter().render(lock));
    }

    @Test
    void fileNamesThatLeaveTheirFolderAreRefusedAtTheirLine() throws IOException {
        for (String bad : List.of("../../../../x.jar", "a/b.jar", "..", ".hidden.jar", "a\\\\b.jar")) {
            InputError e = refused("file: lib-1.0.jar", "file: \"" + bad + "\"");
            assertTrue(e.getMessage().matches(".*jconda-lock.yml:\\d+:\\d+: 'file' must be a plain file name.*"),
                    e.getMessage());
        }
    }

    @Test
    void checksumsMustBeHexOfTheRightLength() throws IOException {
        InputError sha256 = refused("sha256: \"" + SHA + "\"", "sha256: \"not-a-hash\"");
        assertTrue(sha256.getMessage().contains("'sha256' must be 64 hex digits, not 'not-a-hash'"), sha256.getMessage());
        assertTrue(sha256.line() > 0 && sha256.column() > 0);
        InputError sha1 = refused("sha256: \"" + SHA + "\"", "sha1: \"abc\"");
        assertTrue(sha1.getMessage().contains("'sha1' must be 40 hex digits"), sha1.getMessage());
    }

    @Test
    void onlyHttpHttpsAndFileUrlsAreAllowed() throws IOException {
        for (String bad : List.of("jar:file:/x!/y", "ftp://host/x.jar", "javascript:alert(1)", "https://user:pw@h/x")) {
            InputError e = refused("url: https://repo.example/org/x/lib/1.0/lib-1.0.jar", "url: \"" + bad + "\"");
            assertTrue(e.getMessage().contains("URL"), e.getMessage());
        }
    }

    @Test
    void otherFieldsAreCheckedToo() throws IOException {
        assertTrue(refused("size: 12", "size: -1").getMessage().contains("'size' must be a whole number"));
        assertTrue(refused("install: classpath", "install: everywhere").getMessage().contains("not one of"));
        assertTrue(refused("name: demo", "name: ../..").getMessage().contains("invalid environment name"));
        assertTrue(refused("  linux-64:", "  \"../x\":").getMessage().contains("invalid platform"));
        assertTrue(refused("version: 1\n", "version: 7\n").getMessage().contains("format 7 is not supported"));
        assertTrue(refused("        install: classpath", "        install: native\n        extract: ../up")
                .getMessage().contains("'extract' must be a relative folder"));
    }

    @Test
    void unknownKeysAreWarningsWithTheirPlace() throws IOException {
        Path file = write(validLock().replace("        install: classpath", "        install: classpath\n        colour: red")
                + "extra: 1\n");
        List<String> warnings = new ArrayList<>();
        new LockFileReader().read(file, warnings::add);
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).matches(".*jconda-lock.yml:\\d+:9: unknown key 'colour' ignored.*"), warnings.get(0));
        assertTrue(warnings.get(1).contains("unknown key 'extra'"), warnings.get(1));
    }

    @Test
    void yamlErrorsNameFileLineAndColumn() throws IOException {
        Path file = write("version: 1\nplatforms: [\n");
        InputError e = assertThrows(InputError.class, () -> new LockFileReader().read(file));
        assertTrue(e.line() > 0 && e.column() > 0, e.getMessage());
        assertTrue(e.getMessage().contains("malformed YAML"), e.getMessage());
    }
}
