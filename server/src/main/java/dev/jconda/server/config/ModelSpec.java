package dev.jconda.server.config;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** One model a worker serves: the name its routes and metrics use, and its file. */
public record ModelSpec(String name, Path path) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** Whether {@code s} is a usable model name (it appears in URL paths and metric labels). */
    public static boolean validName(String s) {
        return NAME.matcher(s).matches();
    }

    /** The name of a model given without one: its file name without the extension ({@code model.pt} → model). */
    public static String defaultName(Path path) {
        String file = path.getFileName() == null ? "model" : path.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String stem = dot > 0 ? file.substring(0, dot) : file;
        return validName(stem) ? stem : "model";
    }

    public String flagValue() {
        return name + "=" + path;
    }
}
