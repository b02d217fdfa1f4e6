package dev.jconda.server.posix;

import sun.misc.Signal;

/**
 * The one place that uses {@code sun.misc.Signal} (jdk.unsupported; there is no supported API for HUP, TTIN...).
 * The JVM keeps QUIT for thread dumps and refuses it here; a signal that was ignored when the process started
 * (nohup, {@code &} in a script) stays ignored.
 */
public final class Signals {
    private Signals() {}

    /** Runs {@code action} on a JVM signal thread on every {@code SIG<name>}; false if the JVM refuses it. */
    public static boolean handle(String name, Runnable action) {
        try {
            Signal.handle(new Signal(name), s -> action.run());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
