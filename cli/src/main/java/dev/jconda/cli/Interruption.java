package dev.jconda.cli;

import java.io.PrintStream;

/**
 * Ctrl-C and TERM: one line on stderr and exit code 130, as documented, instead of the JVM's silent 130/143. The exit
 * runs the shutdown hooks, which remove a create's staging folder, so nothing half-made stays.
 */
final class Interruption {
    private Interruption() {
    }

    static void install(PrintStream err) {
        for (String name : new String[]{"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    err.println("jconda: interrupted (SIG" + name + "); nothing half-made is left");
                    err.flush();
                    System.exit(ExitCodes.INTERRUPTED);
                });
            } catch (IllegalArgumentException refused) {
                // the JVM keeps this signal (e.g. started with -Xrs); its default applies
            }
        }
    }
}
