package dev.jconda.cli.workflow;

import java.util.Locale;
import java.util.Map;

/** The environment's variables as a script a shell evaluates ({@code eval "$(jconda shell-hook -n NAME)"}). */
public enum ShellScript {
    BASH, ZSH, FISH, PWSH;

    /** The shell named by {@code $SHELL}, bash when unknown. */
    public static ShellScript fromShellPath(String shell) {
        String name = shell == null ? "" : shell.substring(shell.lastIndexOf('/') + 1);
        return switch (name) {
            case "zsh" -> ZSH;
            case "fish" -> FISH;
            case "pwsh", "powershell" -> PWSH;
            default -> BASH;
        };
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String render(Map<String, String> variables) {
        StringBuilder out = new StringBuilder();
        variables.forEach((k, v) -> out.append(switch (this) {
            case BASH, ZSH -> "export " + k + "='" + v.replace("'", "'\\''") + "'";
            case FISH -> "set -gx " + k + " '" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
            case PWSH -> "$env:" + k + " = '" + v.replace("'", "''") + "'";
        }).append('\n'));
        return out.toString();
    }
}
