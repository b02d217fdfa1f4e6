package dev.jconda.prefix;

import java.nio.file.Path;

/**
 * The folders of an installed environment: {@code lib/} for jars (class path), {@code lib/native/} for extracted
 * native libraries, {@code bin/} for launchers, {@code jconda-meta/} for what jconda knows about it (the
 * installed lock, the activation settings, the user's specs).
 */
public record PrefixLayout(Path prefix) {
    public Path lib() { return prefix.resolve("lib"); }
    public Path nativeLib() { return prefix.resolve("lib").resolve("native"); }
    public Path bin() { return prefix.resolve("bin"); }
    public Path meta() { return prefix.resolve("jconda-meta"); }
    public Path lock() { return meta().resolve("lock.yml"); }
    public Path activation() { return meta().resolve("activation.yml"); }

    public boolean isEnvironment() {
        return java.nio.file.Files.isRegularFile(lock());
    }
}
