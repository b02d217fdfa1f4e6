package dev.jconda.prefix;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What an interrupted jconda leaves behind (SIGKILL runs no cleanup): half-downloaded files
 * ({@code pkgs/<key>/.download*.tmp}), entries inflated while their zip downloaded ({@code .inflated-*.tmp},
 * {@link EarlyUnzip}), half-unpacked bundles ({@code .extracted-*.partial-*}, the extractor's
 * {@code *.extracting-*}, 211 MB for libtorch), half-built environments ({@code envs/.NAME.partial-*}) and Maven
 * Resolver's {@code *.tmp} downloads. A temporary is stale when no process can still be writing it: an environment's
 * staging folder when its name's lock is free (a create holds it while the folder exists), anything else when it has
 * not been modified for {@code minimumAge} (a live download or extraction touches its file or folder all the time).
 */
public final class StaleTemporaries {
    private static final Pattern PKGS_TEMP = Pattern.compile(
            "\\.(download|incoming|inflated).*\\.tmp|\\.+extracted-.*\\.(partial|extracting|corrupt|replaced)-.*");
    private static final Pattern ENV_TEMP = Pattern.compile("\\.(.+)\\.(partial|removing)-[0-9a-f-]{36}");
    private static final Pattern ROOT_TEMP = Pattern.compile("\\.write-check.*\\.tmp");
    /** The Maven repository holds thousands of files: it is walked at most this often by the automatic sweep. */
    private static final Duration MAVEN_SWEEP_INTERVAL = Duration.ofHours(1);

    private final JcondaHome home;
    private final Duration minimumAge;
    private final Instant now;

    public StaleTemporaries(JcondaHome home, Duration minimumAge, Instant now) {
        this.home = home;
        this.minimumAge = minimumAge;
        this.now = now;
    }

    /** The stale temporaries; {@code includeMaven} walks Maven's local repository too. */
    public List<Path> find(boolean includeMaven) throws IOException {
        List<Path> stale = new ArrayList<>();
        for (Path key : list(home.pkgs(), Files::isDirectory)) {
            stale.addAll(list(key, p -> PKGS_TEMP.matcher(name(p)).matches() && old(p)));
        }
        stale.addAll(list(home.root(), p -> ROOT_TEMP.matcher(name(p)).matches() && old(p)));
        for (Path p : list(home.envs(), p -> ENV_TEMP.matcher(name(p)).matches())) {
            var m = ENV_TEMP.matcher(name(p));
            if (m.matches() && unlocked(home.envs().resolve(m.group(1)))) {
                stale.add(p);
            }
        }
        if (includeMaven && Files.isDirectory(home.mavenRepository())) {
            try (Stream<Path> walk = Files.walk(home.mavenRepository())) {
                stale.addAll(walk.filter(p -> name(p).endsWith(".tmp") && Files.isRegularFile(p) && old(p))
                        .toList());
            }
        }
        return stale;
    }

    /**
     * The sweep at the start of every writing command: removes what {@link #find} finds, walking Maven's repository
     * once an hour at most. Never fails the command: what it cannot remove waits for the next sweep.
     */
    public List<Path> sweep() {
        try {
            Path marker = home.root().resolve(".last-sweep");
            boolean maven = !Files.exists(marker)
                    || Files.getLastModifiedTime(marker).toInstant().isBefore(now.minus(MAVEN_SWEEP_INTERVAL));
            List<Path> stale = find(maven);
            stale.forEach(PrefixInstaller::deleteTree);
            if (maven && Files.isDirectory(home.root())) {
                Files.write(marker, new byte[0]);
                Files.setLastModifiedTime(marker, FileTime.from(now));
            }
            return stale;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private boolean old(Path p) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant()
                    .isBefore(now.minus(minimumAge));
        } catch (IOException e) {
            return false;
        }
    }

    /** True when no create or remove holds the name's lock (a create holds it while its staging folder exists). */
    private static boolean unlocked(Path prefix) {
        Path lockFile = InterruptedReplace.lockFileOf(prefix);
        if (!Files.exists(lockFile)) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock != null;
        } catch (IOException | OverlappingFileLockException e) {
            return false;
        }
    }

    private static List<Path> list(Path dir, Predicate<Path> filter) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(filter).sorted().toList();
        }
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }
}
