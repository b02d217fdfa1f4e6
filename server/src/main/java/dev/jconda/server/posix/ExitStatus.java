package dev.jconda.server.posix;

/** How a child ended: an exit code, or the signal that killed it (exactly one is non-negative). */
public record ExitStatus(int code, int signal) {

    public static ExitStatus decode(int rawWaitStatus) {
        int termSignal = rawWaitStatus & 0x7f;
        if (termSignal == 0) {
            return new ExitStatus((rawWaitStatus >> 8) & 0xff, -1);
        }
        return new ExitStatus(-1, termSignal);
    }

    public boolean killedBySignal() {
        return signal >= 0;
    }

    @Override
    public String toString() {
        return killedBySignal() ? "killed by signal " + signal : "exit code " + code;
    }
}
