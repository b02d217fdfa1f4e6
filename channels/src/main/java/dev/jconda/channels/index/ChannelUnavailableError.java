package dev.jconda.channels.index;

/**
 * A channel index that could not be read: no {@code index.yml} where the channel points, a server that cannot be
 * reached or answers with an error, or {@code --offline} without a cached copy. {@link #getMessage()} is the one line
 * a user sees: {@code channel https://example.org/jvm: HTTP 404 for https://example.org/jvm/index.yml}.
 * A file that was read but is malformed is a {@link dev.jconda.spec.InputError} instead.
 */
public final class ChannelUnavailableError extends RuntimeException {
    private final String location;
    private final String reason;

    public ChannelUnavailableError(String location, String reason) {
        this(location, reason, null);
    }

    public ChannelUnavailableError(String location, String reason, Throwable cause) {
        super("channel " + location + ": " + reason, cause);
        this.location = location;
        this.reason = reason;
    }

    /** The channel as the user named it: a folder, a {@code file://} or {@code https://} URL, or a builtin name. */
    public String location() {
        return location;
    }

    public String reason() {
        return reason;
    }
}
