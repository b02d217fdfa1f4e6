package dev.jconda.model;

/** A fact about this machine, as conda's {@code __glibc=2.36}, {@code __cuda=12.4}, {@code __archspec=1 x86_64_v3}. */
public record VirtualPackage(PackageName name, Version version, String build) implements Package {
    public VirtualPackage {
        if (!name.isVirtual()) {
            throw new IllegalArgumentException("virtual package names start with __: " + name);
        }
        build = build == null ? "" : build;
    }
}
