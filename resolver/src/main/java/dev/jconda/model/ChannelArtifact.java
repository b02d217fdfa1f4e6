package dev.jconda.model;

/**
 * The file a channel package installs on one platform: either a Maven coordinate
 * ({@code group:artifact:version:classifier}, fetched from the channel's Maven repository) or a plain URL with its
 * sha256. {@code kind} says how the installer treats it: {@code jar} goes on the class path, {@code native} is
 * extracted into the prefix.
 */
public record ChannelArtifact(String maven, String url, String sha256, long size, String kind, String extractPrefix) {
}
