package dev.jconda.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An environment's {@code serve:} section, read for a deployment: the options that name files on this machine
 * (the model, a warm-up body) travel as files into {@code model/}; the rest become the server's {@code --config}
 * file as they are. Keys are the server's long flag names ({@code warmup_shape} and {@code warmup-shape} alike).
 */
public record ServeDefaults(Map<String, String> options) {
    /** Options whose value is a file the server reads; they are copied along and their flag rewritten. */
    static final Set<String> FILE_OPTIONS = Set.of("model", "warmup-input");
    static final int DEFAULT_PORT = 8000;
    static final int DEFAULT_GRACEFUL_TIMEOUT = 30;

    public ServeDefaults {
        Map<String, String> normalized = new LinkedHashMap<>();
        options.forEach((k, v) -> normalized.put(k.strip().toLowerCase(Locale.ROOT).replace('_', '-'), v));
        options = java.util.Collections.unmodifiableMap(normalized);
    }

    public Optional<String> get(String option) {
        return Optional.ofNullable(options.get(option)).filter(v -> !v.isBlank());
    }

    /** The files the section names, by option; a named file that does not exist is an error a user can fix. */
    public Map<String, Path> files() {
        Map<String, Path> files = new LinkedHashMap<>();
        for (String option : FILE_OPTIONS.stream().sorted().toList()) {
            get(option).map(Path::of).ifPresent(path -> {
                if (!Files.isRegularFile(path)) {
                    throw DeployError.badInput("serve: " + option + " names " + path + ", which is not a file");
                }
                files.put(option, path);
            });
        }
        return files;
    }

    /** Where a file option's file lives inside a pack or image, relative to its root. */
    public static String relocated(String option, Path file) {
        return "model/" + (option.equals("model") ? "" : option + "-") + file.getFileName();
    }

    /** The server's {@code --config} text: every option but the file ones, which go on the command line. */
    public String configText() {
        StringBuilder conf = new StringBuilder("# from the environment file's serve: section; the command line wins\n");
        options.forEach((k, v) -> {
            if (!FILE_OPTIONS.contains(k)) {
                conf.append(k).append('=').append(v).append('\n');
            }
        });
        return conf.toString();
    }

    /** The options as server flags ({@code --workers=2}), but for the files and the address to bind. */
    public java.util.List<String> flags() {
        return options.entrySet().stream()
                .filter(e -> !FILE_OPTIONS.contains(e.getKey()) && !e.getKey().equals("bind"))
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toList();
    }

    /** The port of {@code bind} ({@code HOST:PORT}); the server's default when absent. */
    public int port() {
        return get("bind").map(b -> {
            String port = b.substring(b.lastIndexOf(':') + 1);
            try {
                return Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw DeployError.badInput("serve: bind '" + b + "' has no port (HOST:PORT)");
            }
        }).orElse(DEFAULT_PORT);
    }

    public int gracefulTimeoutSeconds() {
        return integer("graceful-timeout").orElse(DEFAULT_GRACEFUL_TIMEOUT);
    }

    public Optional<Integer> workers() {
        return integer("workers");
    }

    private Optional<Integer> integer(String option) {
        return get(option).map(v -> {
            try {
                return Integer.parseInt(v.strip());
            } catch (NumberFormatException e) {
                throw DeployError.badInput("serve: " + option + " is '" + v + "', not a whole number");
            }
        });
    }
}
