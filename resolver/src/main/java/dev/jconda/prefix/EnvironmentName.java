package dev.jconda.prefix;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an environment may be called and where it may live, checked before any solving or writing. Names become
 * folder names with hidden siblings ({@code .NAME.partial-<uuid>}, 45 characters more), so they are kept well below
 * the 255 bytes a file name may have; a prefix must be a path Java programs can run from.
 */
public final class EnvironmentName {
    public static final int MAX_LENGTH = 128;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private EnvironmentName() {
    }

    /** Why {@code name} cannot be an environment's name, or empty when it can. */
    public static Optional<String> problem(String name) {
        if (!VALID.matcher(name).matches()) {
            return Optional.of("invalid environment name '" + shown(name)
                    + "': use letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("environment name of " + name.length() + " characters is too long (at most "
                    + MAX_LENGTH + ")");
        }
        return Optional.empty();
    }

    /**
     * Why nothing could run from {@code prefix}, or empty. A character outside Unicode's Basic Multilingual Plane (an
     * emoji) is refused: jconda creates such a prefix fine, but the JVM cannot start from it (it cannot open jars
     * or libraries on such a class path), so an environment there would be installed and useless.
     */
    public static Optional<String> prefixProblem(Path prefix) {
        String text = prefix.toString();
        return text.codePoints().filter(Character::isSupplementaryCodePoint).boxed().findFirst()
                .map(cp -> "prefix " + text + " contains " + String.format("U+%04X", cp)
                        + ", a character outside Unicode's Basic Multilingual Plane; Java programs cannot run from "
                        + "such a path, so choose another");
    }

    private static String shown(String name) {
        return name.length() > 40 ? name.substring(0, 40) + "..." : name;
    }
}
