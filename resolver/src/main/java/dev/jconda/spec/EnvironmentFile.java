package dev.jconda.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A conda-style {@code environment.yml}, typed.
 *
 * @param source       where it was read from
 * @param name         the environment's name ({@code name:}), or null
 * @param channels     channel names or URLs in priority order; empty means the defaults
 * @param dependencies channel package specs ({@code pytorch=2.5}, {@code java=21}) and Maven coordinates written
 *                     directly under {@code dependencies:}
 * @param maven        the {@code maven:} sub-list, Maven coordinates only (as conda's {@code pip:})
 * @param variables    environment variables set by {@code jconda run}
 * @param prefix       an explicit install location, or null
 * @param platforms    platforms to lock for ({@code platforms:}); empty means the current one
 * @param serve        the {@code serve:} section: options for the bundled server, flag name to value
 * @param warnings     one line each, e.g. an unknown key, with file:line:column
 * @param channelPriority {@code channel-priority:}, strict unless the file says otherwise
 * @param systemRequirements the machines the lock is for ({@code system-requirements:}, as pixi's)
 * @param channelPositions where each of {@code channels} stands in the file (same order), for errors found later
 */
public record EnvironmentFile(Path source, String name, List<String> channels, List<MatchSpec> dependencies,
                              List<MatchSpec> maven, Map<String, String> variables, String prefix,
                              List<String> platforms, Map<String, String> serve, List<String> warnings,
                              ChannelPriority channelPriority, SystemRequirements systemRequirements,
                              List<SourcePosition> channelPositions) {
    public EnvironmentFile {
        channelPositions = channelPositions == null ? List.of() : List.copyOf(channelPositions);
        channelPriority = channelPriority == null ? ChannelPriority.STRICT : channelPriority;
        channels = List.copyOf(channels);
        dependencies = List.copyOf(dependencies);
        maven = List.copyOf(maven);
        variables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
        platforms = List.copyOf(platforms);
        serve = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(serve));
        warnings = List.copyOf(warnings);
        systemRequirements = systemRequirements == null ? SystemRequirements.NONE : systemRequirements;
    }

    public EnvironmentFile(Path source, String name, List<String> channels, List<MatchSpec> dependencies,
                           List<MatchSpec> maven, Map<String, String> variables, String prefix, List<String> platforms,
                           Map<String, String> serve, List<String> warnings) {
        this(source, name, channels, dependencies, maven, variables, prefix, platforms, serve, warnings,
                ChannelPriority.STRICT);
    }

    public EnvironmentFile(Path source, String name, List<String> channels, List<MatchSpec> dependencies,
                           List<MatchSpec> maven, Map<String, String> variables, String prefix, List<String> platforms,
                           Map<String, String> serve, List<String> warnings, ChannelPriority channelPriority) {
        this(source, name, channels, dependencies, maven, variables, prefix, platforms, serve, warnings,
                channelPriority, SystemRequirements.NONE);
    }

    public EnvironmentFile(Path source, String name, List<String> channels, List<MatchSpec> dependencies,
                           List<MatchSpec> maven, Map<String, String> variables, String prefix, List<String> platforms,
                           Map<String, String> serve, List<String> warnings, ChannelPriority channelPriority,
                           SystemRequirements systemRequirements) {
        this(source, name, channels, dependencies, maven, variables, prefix, platforms, serve, warnings,
                channelPriority, systemRequirements, List.of());
    }

    /** Where the i-th channel stands in the file; {@link SourcePosition#NONE} when it was not read from one. */
    public SourcePosition channelPosition(int i) {
        return i < channelPositions.size() ? channelPositions.get(i) : SourcePosition.NONE;
    }

    /** Every spec, channel ones first, then Maven ones, in file order. */
    public List<MatchSpec> allSpecs() {
        return java.util.stream.Stream.concat(dependencies.stream(), maven.stream()).toList();
    }
}
