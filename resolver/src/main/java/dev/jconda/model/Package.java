package dev.jconda.model;

/**
 * Something the solver can choose: a Maven artifact, a package from a jconda channel, or a virtual package that
 * describes this machine ({@code __glibc}, {@code __cuda}). The solver only needs a name and a version; the rest is
 * carried through to the lockfile and the installer.
 */
public sealed interface Package permits MavenPackage, ChannelPackage, VirtualPackage {
    PackageName name();

    Version version();

    /** A short human form for messages: {@code guava 33.3.1-jre}, {@code pytorch 2.5.1 cpu_0}. */
    default String display() {
        return name() + " " + version();
    }
}
