package dev.jconda.channels.maven;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names a failure to reach a repository (refused connection, timeout, unknown host, offline with nothing cached) in
 * words, with the URL, so a user hears "connection refused" rather than "no repository has it". Other failures
 * (a checksum, a malformed file) are not its business: empty.
 */
public final class TransferFailure {
    private static final Pattern URL = Pattern.compile("(https?|file)://[^\\s,;)]+");

    private TransferFailure() {
    }

    /** What went wrong, in one phrase, when {@code e} is a failure to ask rather than a "not found". */
    public static Optional<String> of(Throwable e) {
        String where = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (where == null) {
                Matcher m = URL.matcher(message);
                where = m.find() ? m.group() : null;
            }
            String at = where == null ? "" : " (" + where + ")";
            String type = t.getClass().getSimpleName();
            if (message.contains("in offline mode")) {
                return Optional.of("--offline, and nothing is cached from that repository" + at
                        + "; run once without --offline");
            }
            // a failure Maven Resolver remembers from an earlier try keeps only the original message
            if (t instanceof java.net.ConnectException || message.contains("Connection refused")) {
                return Optional.of("connection refused" + at);
            }
            if (t instanceof java.net.SocketTimeoutException || type.contains("Timeout")
                    || message.contains("timed out")) {
                return Optional.of("timed out" + at);
            }
            if (t instanceof java.net.UnknownHostException) {
                return Optional.of("unknown host " + message + at);
            }
            if (t instanceof java.net.NoRouteToHostException) {
                return Optional.of("no route to host" + at);
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return Optional.of("TLS failure: " + message + at);
            }
        }
        return Optional.empty();
    }
}
