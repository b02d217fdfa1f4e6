package dev.jconda.prefix;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Replacing an environment takes two renames (the old one aside to {@code .NAME.trash-*}, the new one into place); a
 * process killed between them leaves no environment under the name. The old copy is still whole in the trash folder,
 * so the next jconda command that looks for the name puts it back: from the user's view a replace either happened
 * or did not. Removal uses another suffix ({@code .NAME.removing-*}) so a removed environment never comes back.
 */
public final class InterruptedReplace {
    static final String TRASH = ".trash-";
    static final String REMOVING = ".removing-";

    private InterruptedReplace() {
    }

    /** Where the old copy waits while the new one is renamed into place. */
    static Path trashFor(Path prefix) {
        return prefix.resolveSibling("." + prefix.getFileName() + TRASH + UUID.randomUUID());
    }

    /** Where {@code env remove} renames an environment before deleting it. */
    public static Path removingFor(Path prefix) {
        return prefix.resolveSibling("." + prefix.getFileName() + REMOVING + UUID.randomUUID());
    }

    /** The file lock that serialises every change to one environment name. */
    public static Path lockFileOf(Path prefix) {
        return prefix.resolveSibling("." + prefix.getFileName() + ".lock");
    }

    /**
     * For readers ({@code run}, {@code env list}): restores an environment whose replacement was interrupted. Costs
     * one directory listing when nothing was interrupted; takes the name's lock only when something was, so a
     * create that is between its two renames right now finishes first.
     */
    public static void recover(Path prefix) {
        Path parent = prefix.toAbsolutePath().getParent();
        if (Files.exists(prefix) || !Files.isDirectory(parent) || trashes(parent, prefix).isEmpty()) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFileOf(prefix), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            recoverLocked(prefix);
        } catch (IOException e) {
            throw new InstallError("cannot restore " + prefix + " after an interrupted replace: " + e.getMessage(), e);
        }
    }

    /** The same, for a caller that holds the name's lock; the trash of a finished replace is deleted. */
    static void recoverLocked(Path prefix) throws IOException {
        List<Path> trashes = trashes(prefix.getParent(), prefix);
        if (!Files.exists(prefix)) {
            Optional<Path> newest = trashes.stream().filter(t -> new PrefixLayout(t).isEnvironment())
                    .max(Comparator.comparing(InterruptedReplace::modified));
            if (newest.isPresent()) {
                Files.move(newest.get(), prefix, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        for (Path t : trashes) {
            if (Files.exists(t)) {
                PrefixInstaller.deleteTree(t);
            }
        }
    }

    private static List<Path> trashes(Path parent, Path prefix) {
        String start = "." + prefix.getFileName() + TRASH;
        try (Stream<Path> s = Files.list(parent)) {
            return s.filter(p -> p.getFileName().toString().startsWith(start)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
