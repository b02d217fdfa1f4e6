package dev.jconda.prefix;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An archive {@link ArchiveExtractor} refused to extract, and the entry it refused it for. Nothing of the archive is
 * left on disk when this is thrown.
 */
public final class UnsafeArchiveException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why an entry was refused. */
    public enum Reason {
        ABSOLUTE_PATH,
        ESCAPES_DESTINATION,
        LINK_ESCAPES_DESTINATION,
        LINK_LOOP,
        HARD_LINK_TARGET_MISSING,
        UNSUPPORTED_ENTRY_TYPE,
        INVALID_NAME,
        CONFLICTING_ENTRY,
        TOO_MANY_ENTRIES,
        TOO_LARGE,
        EXPANSION_RATIO_EXCEEDED
    }

    private final transient Path archive;
    private final String entry;
    private final Reason reason;

    /**
     * @param detail what is wrong with the entry, as the end of a sentence that begins with its name:
     *               "escapes the destination"
     */
    public UnsafeArchiveException(Path archive, String entry, Reason reason, String detail) {
        super("refusing to extract " + archive + ": entry '" + printable(entry) + "' " + printable(detail));
        this.archive = Objects.requireNonNull(archive, "archive");
        this.entry = Objects.requireNonNull(entry, "entry");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Path archive() {
        return archive;
    }

    /** The entry's name as the archive spells it. */
    public String entry() {
        return entry;
    }

    public Reason reason() {
        return reason;
    }

    /** Entry names are attacker-chosen; a newline in one must not forge a second line of output. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
