package dev.jconda.cli;

import java.util.regex.Pattern;

/** Environment names become folder names; keep them to what every file system accepts. */
final class EnvironmentNames {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private EnvironmentNames() {
    }

    static void check(String name) {
        if (!VALID.matcher(name).matches()) {
            throw new UserError("invalid environment name '" + name + "': use letters, digits, '.', '_' and '-'");
        }
    }
}
