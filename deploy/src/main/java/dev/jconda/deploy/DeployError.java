package dev.jconda.deploy;

/**
 * A pack, image or manifest that could not be made. {@link Kind#BAD_INPUT} is something the user gives wrongly (an
 * unknown target, an environment without what the command needs: exit code 2); {@link Kind#FAILED} is work that
 * failed (jlink, a registry, the disk: exit code 1).
 */
public final class DeployError extends RuntimeException {
    public enum Kind { BAD_INPUT, FAILED }

    private final Kind kind;

    private DeployError(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public static DeployError badInput(String message) {
        return new DeployError(Kind.BAD_INPUT, message, null);
    }

    public static DeployError failed(String message, Throwable cause) {
        return new DeployError(Kind.FAILED, message, cause);
    }

    public Kind kind() {
        return kind;
    }
}
