package dev.jconda.channels;

/**
 * A channel as the environment file names it ({@code maven-central}, {@code pytorch}, a URL or folder), and its
 * place in the file's {@code channels:} list: 1 is the highest priority.
 */
public record ChannelLabel(String name, int priority) {
    @Override
    public String toString() {
        return name + " (priority " + priority + ")";
    }
}
