package dev.jconda.prefix;

import java.util.Map;

/**
 * Settings {@code jconda run} applies beyond the class path: the user's {@code variables:}, the {@code serve:}
 * options, and the JDK the environment uses. Stored in {@code jconda-meta/activation.yml}.
 *
 * @param javaHome the JDK satisfying the environment's {@code java} spec, or null for the one jconda runs on
 */
public record Activation(String name, Map<String, String> variables, Map<String, String> serve, String javaHome) {
    public Activation {
        variables = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(variables));
        serve = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(serve));
    }
}
