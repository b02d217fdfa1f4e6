package dev.jconda.prefix;

import dev.jconda.prefix.UnsafeArchiveException.Reason;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Unpacks zip/jar, tar, tar.gz, tar.bz2 and tar.zst archives into a directory of an environment prefix, refusing
 * archives that would write anywhere else.
 *
 * <p>An archive is unpacked into a fresh hidden directory beside the destination and moved into place only once
 * every entry was checked and written; on any failure that directory is deleted and the destination is as it was.
 * Within it, every entry's path is checked before anything is written for it: absolute paths and {@code ..} that
 * climb out are refused. Symbolic links are not created until all other entries are written, so no entry is ever
 * written through a link; their targets are then resolved against each other and the whole archive is refused if
 * any of them, followed through the others, leads outside. Hard links must name a file the archive already holds.
 *
 * <p>File modes are kept where the file system has POSIX permissions (tar mode bits, zip's unix mode), without
 * setuid, setgid and sticky bits, and with the owner always able to read files and use directories; elsewhere only
 * the executable bit is carried over.
 */
public final class ArchiveExtractor {
    /** The one place formats are told apart: by their first bytes, since file names lie (a .jar is a zip). */
    public enum Format {
        ZIP, TAR, TAR_GZ, TAR_BZ2, TAR_ZST;

        public static Format detect(Path archive) throws IOException {
            byte[] head = new byte[512];
            int n;
            try (InputStream in = Files.newInputStream(archive)) {
                n = in.readNBytes(head, 0, head.length);
            }
            if (n >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5 || head[2] == 7)) {
                return ZIP;
            }
            if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
                return TAR_GZ;
            }
            if (n >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
                return TAR_BZ2;
            }
            if (n >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                    && (head[3] & 0xff) == 0xfd) {
                return TAR_ZST;
            }
            if (n >= 262 && head[257] == 'u' && head[258] == 's' && head[259] == 't' && head[260] == 'a'
                    && head[261] == 'r') {
                return TAR;
            }
            // pre-POSIX tar has no magic; trust the name only for that
            if (archive.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tar")) {
                return TAR;
            }
            throw new IOException(archive + " is not a zip, jar, tar, tar.gz, tar.bz2 or tar.zst archive");
        }
    }

    /**
     * Limits against decompression bombs. An archive may unpack to at most {@code maxTotalBytes}, and to at most
     * {@code maxExpansionRatio} times its own size (archives under 1 MiB count as 1 MiB, so that small archives of
     * highly compressible text are not refused), in at most {@code maxEntries} entries.
     */
    public record Limits(long maxTotalBytes, int maxEntries, long maxExpansionRatio) {
        public static final Limits DEFAULT = new Limits(8L << 30, 1_000_000, 1000);

        public Limits {
            if (maxTotalBytes <= 0 || maxEntries <= 0 || maxExpansionRatio <= 0) {
                throw new IllegalArgumentException("archive limits must be positive: " + maxTotalBytes + " bytes, "
                        + maxEntries + " entries, ratio " + maxExpansionRatio);
            }
        }

        public Limits withMaxTotalBytes(long bytes) {
            return new Limits(bytes, maxEntries, maxExpansionRatio);
        }

        public Limits withMaxEntries(int entries) {
            return new Limits(maxTotalBytes, entries, maxExpansionRatio);
        }

        public Limits withMaxExpansionRatio(long ratio) {
            return new Limits(maxTotalBytes, maxEntries, ratio);
        }

        /** How many bytes an archive of {@code archiveSize} bytes may unpack to. */
        public long budgetFor(long archiveSize) {
            long ratioBound;
            try {
                ratioBound = Math.multiplyExact(Math.max(archiveSize, RATIO_FLOOR_BYTES), maxExpansionRatio);
            } catch (ArithmeticException e) {
                ratioBound = Long.MAX_VALUE;
            }
            return Math.min(maxTotalBytes, ratioBound);
        }
    }

    /**
     * What to unpack where.
     *
     * @param archive         the archive file
     * @param destination     the directory to create; it must not exist or be empty, unless {@code replaceExisting}
     * @param innerPrefix     only entries under this path inside the archive ({@code pytorch/cpu/linux-x86_64/}),
     *                        which is stripped from their names; empty for all entries
     * @param flatten         put every file directly in the destination under its base name, dropping directories
     * @param replaceExisting replace a non-empty destination (it is swapped out only after the archive unpacked)
     * @param prepared        zip entries inflated already ({@link EarlyUnzip}), moved into place instead of inflated
     */
    public record Request(Path archive, Path destination, String innerPrefix, boolean flatten,
                          boolean replaceExisting, PreparedEntries prepared) {
        public Request {
            Objects.requireNonNull(archive, "archive");
            Objects.requireNonNull(destination, "destination");
            innerPrefix = innerPrefix == null ? "" : innerPrefix;
            prepared = prepared == null ? PreparedEntries.NONE : prepared;
        }

        public static Request of(Path archive, Path destination) {
            return new Request(archive, destination, "", false, false, PreparedEntries.NONE);
        }

        public Request under(String prefix) {
            return new Request(archive, destination, prefix, flatten, replaceExisting, prepared);
        }

        public Request flattened() {
            return new Request(archive, destination, innerPrefix, true, replaceExisting, prepared);
        }

        public Request replacingExisting() {
            return new Request(archive, destination, innerPrefix, flatten, true, prepared);
        }

        public Request withPrepared(PreparedEntries entries) {
            return new Request(archive, destination, innerPrefix, flatten, replaceExisting, entries);
        }
    }

    /**
     * What was unpacked.
     *
     * @param crc32c each regular file's CRC-32C as written ({@link dev.jconda.cache.Crc32c#hex}), by its path
     *               relative to the destination ({@code /} between names): computed on the way to the disk, so a
     *               caller that records checksums of what it unpacked needs no second pass over hundreds of
     *               megabytes; links are not in it
     */
    public record Result(Path destination, Format format, int files, int directories, int links, long bytes,
                         Map<String, String> crc32c) {
        public Result {
            crc32c = Map.copyOf(crc32c);
        }
    }

    private static final int MAX_LINK_HOPS = 40;
    private static final int MAX_LINK_TARGET_BYTES = 4096;
    private static final long RATIO_FLOOR_BYTES = 1L << 20;

    private final Limits limits;

    public ArchiveExtractor() {
        this(Limits.DEFAULT);
    }

    public ArchiveExtractor(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Unpacks the archive.
     *
     * @throws UnsafeArchiveException     for an entry that would land outside the destination, or past the limits
     * @throws FileAlreadyExistsException when the destination holds something and the request does not replace it
     * @throws IOException                when the archive cannot be read or the destination cannot be written
     */
    public Result extract(Request request) throws IOException {
        Path archive = request.archive();
        Path destination = request.destination().toAbsolutePath().normalize();
        if (destination.getFileName() == null) {
            throw new IOException("cannot extract " + archive + " into the file system root");
        }
        if (!request.replaceExisting() && !isAbsentOrEmptyDirectory(destination)) {
            throw new FileAlreadyExistsException(destination.toString(), null,
                    "not extracting " + archive + " over a destination that is not empty");
        }
        Format format = Format.detect(archive);
        List<String> prefix = innerPrefix(archive, request.innerPrefix());
        Path parent = destination.getParent();
        Path firstCreated = firstMissingAncestor(parent);
        Files.createDirectories(parent);
        Path staging;
        try {
            staging = createStagingDirectory(parent, "." + destination.getFileName() + ".extracting-");
        } catch (IOException | RuntimeException e) {
            removeCreatedParents(parent, firstCreated, e);
            throw e;
        }
        try {
            Extraction extraction = new Extraction(archive, staging, prefix, request.flatten(),
                    limits.budgetFor(Files.size(archive)));
            if (format == Format.ZIP) {
                extraction.readZip(request.prepared());
            } else {
                try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive))) {
                    extraction.readTar(decompressed(format, raw));
                }
            }
            extraction.finish();
            moveIntoPlace(archive, staging, destination, request.replaceExisting());
            return new Result(destination, format, extraction.files, extraction.directories, extraction.links,
                    extraction.bytes, extraction.crc32c);
        } catch (IOException | RuntimeException | Error e) {
            try {
                deleteRecursively(staging);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            removeCreatedParents(parent, firstCreated, e);
            throw e;
        }
    }

    /**
     * A new directory with a random name. Not {@link Files#createTempDirectory}: that makes it owner-only, and the
     * staging directory becomes the destination, which should get the usual permissions of the user's umask.
     */
    private static Path createStagingDirectory(Path parent, String prefix) throws IOException {
        return Files.createDirectory(parent.resolve(prefix + UUID.randomUUID()));
    }

    /** The outermost directory of {@code dir} that does not exist yet, or null when {@code dir} exists. */
    private static Path firstMissingAncestor(Path dir) {
        Path missing = null;
        for (Path p = dir; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /** A refused archive leaves no trace, not even the directories made to hold its destination. */
    private static void removeCreatedParents(Path parent, Path firstCreated, Throwable failure) {
        if (firstCreated == null) {
            return;
        }
        for (Path p = parent; p != null && p.startsWith(firstCreated); p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // not empty any more: someone else is using it, leave it
                if (!(e instanceof DirectoryNotEmptyException)) {
                    failure.addSuppressed(e);
                }
                return;
            }
        }
    }

    private static InputStream decompressed(Format format, InputStream raw) throws IOException {
        return switch (format) {
            case TAR -> raw;
            case TAR_GZ -> GzipCompressorInputStream.builder()
                    .setInputStream(raw)
                    .setDecompressConcatenated(true)
                    .get();
            case TAR_BZ2 -> new BZip2CompressorInputStream(raw, true);
            case TAR_ZST -> new ZstdCompressorInputStream(raw);
            case ZIP -> throw new IllegalArgumentException("zip is not a compressed tar");
        };
    }

    private static List<String> innerPrefix(Path archive, String prefix) throws IOException {
        if (prefix.isEmpty()) {
            return List.of();
        }
        try {
            return normalize(archive, prefix, prefix);
        } catch (UnsafeArchiveException e) {
            throw new IllegalArgumentException("inner path '" + prefix + "' must be relative and stay inside "
                    + archive, e);
        }
    }

    /**
     * One archive being unpacked into the staging directory. Paths are kept as lists of names relative to the
     * staging directory; "physical" paths are those with every symbolic link resolved, which are real directories
     * on disk because links are only created at the end.
     */
    private final class Extraction {
        private final Path archive;
        private final Path root;
        private final List<String> prefix;
        private final boolean flatten;
        private final long byteBudget;
        private final boolean posix;

        /** Symbolic links to create at the end: physical path of the link -> its target as written. */
        private final Map<List<String>, String> pendingLinks = new LinkedHashMap<>();
        /** For each link, the entry it came from, for error messages. */
        private final Map<List<String>, String> linkEntries = new HashMap<>();
        /** Regular files written so far, by their name in the archive, for hard links to find. */
        private final Map<List<String>, Path> filesByArchivePath = new HashMap<>();
        /** The CRC-32C of each regular file written, by its path under the root; a later entry's bytes replace it. */
        private final Map<String, String> crc32c = new HashMap<>();
        private final Map<Path, Integer> directoryModes = new LinkedHashMap<>();
        /** When flattening, which entry each file came from: two entries with one base name must not collide. */
        private final Map<List<String>, List<String>> flattenedFrom = new HashMap<>();

        int entries;
        int files;
        int directories;
        int links;
        long bytes;

        Extraction(Path archive, Path root, List<String> prefix, boolean flatten, long byteBudget)
                throws IOException {
            this.archive = archive;
            this.root = root;
            this.prefix = prefix;
            this.flatten = flatten;
            this.byteBudget = byteBudget;
            this.posix = Files.getFileStore(root).supportsFileAttributeView(PosixFileAttributeView.class);
        }

        void readTar(InputStream compressed) throws IOException {
            try (TarArchiveInputStream tar = new TarArchiveInputStream(compressed)) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    String name = entry.getName();
                    Kind kind;
                    if (entry.isSymbolicLink()) {
                        kind = Kind.SYMLINK;
                    } else if (entry.isLink()) {
                        kind = Kind.HARDLINK;
                    } else if (entry.isDirectory()) {
                        kind = Kind.DIRECTORY;
                    } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                        kind = Kind.OTHER;
                    } else if (entry.isFile()) {
                        kind = Kind.FILE;
                    } else {
                        kind = Kind.OTHER;
                    }
                    Date modified = entry.getModTime();
                    accept(name, kind, entry.getMode(), entry.getLinkName(), entry.getSize(),
                            modified == null ? null : FileTime.fromMillis(modified.getTime()), tar, null);
                }
            }
        }

        void readZip(PreparedEntries prepared) throws IOException {
            try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
                for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
                    // unix mode lives in the central directory's external attributes; 0 when the zip has none
                    int mode = entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? entry.getUnixMode() : 0;
                    Kind kind = entry.isUnixSymlink() ? Kind.SYMLINK
                            : entry.isDirectory() ? Kind.DIRECTORY
                            : isSpecialUnixFile(mode) ? Kind.OTHER
                            : Kind.FILE;
                    String linkTarget = null;
                    if (kind == Kind.SYMLINK) {
                        try (InputStream in = zip.getInputStream(entry)) {
                            byte[] target = in.readNBytes(MAX_LINK_TARGET_BYTES + 1);
                            if (target.length > MAX_LINK_TARGET_BYTES) {
                                throw refuse(entry.getName(), Reason.INVALID_NAME, "has a link target over "
                                        + MAX_LINK_TARGET_BYTES + " bytes");
                            }
                            linkTarget = new String(target, StandardCharsets.UTF_8);
                        }
                    }
                    PreparedEntries.PreparedEntry ready = kind == Kind.FILE
                            && entry.getMethod() == ZipMethod.DEFLATED.getCode()
                            ? prepared.take(entry.getLocalHeaderOffset(), entry.getCompressedSize(), entry.getSize())
                            .orElse(null) : null;
                    if (ready != null) {
                        accept(entry.getName(), kind, mode, null, entry.getSize(), entry.getLastModifiedTime(),
                                InputStream.nullInputStream(), ready);
                    } else if (kind == Kind.FILE) {
                        try (InputStream in = ZipEntryContent.open(zip, entry)) {
                            accept(entry.getName(), kind, mode, null, entry.getSize(), entry.getLastModifiedTime(),
                                    in, null);
                        }
                    } else {
                        accept(entry.getName(), kind, mode, linkTarget, 0, null, InputStream.nullInputStream(), null);
                    }
                }
            }
        }

        /** @param ready the entry's bytes inflated already, or null: then they are read from {@code content} */
        private void accept(String name, Kind kind, int mode, String linkTarget, long declaredSize,
                            FileTime modified, InputStream content, PreparedEntries.PreparedEntry ready)
                throws IOException {
            if (++entries > limits.maxEntries()) {
                throw refuse(name, Reason.TOO_MANY_ENTRIES, "is past the limit of " + limits.maxEntries()
                        + " entries");
            }
            if (kind == Kind.OTHER) {
                throw refuse(name, Reason.UNSUPPORTED_ENTRY_TYPE, "is a device, FIFO or other special file");
            }
            List<String> archivePath = normalize(archive, name, name);
            List<String> out = outputPath(archivePath, kind);
            if (out == null) {
                return;
            }
            switch (kind) {
                case DIRECTORY -> {
                    Path dir = onDisk(resolve(name, out, true));
                    Files.createDirectories(dir);
                    directories++;
                    directoryModes.put(dir, mode);
                }
                case FILE -> writeFile(name, archivePath, out, mode, declaredSize, modified, content, ready);
                case SYMLINK -> {
                    if (linkTarget == null || linkTarget.isEmpty()) {
                        throw refuse(name, Reason.INVALID_NAME, "is a symbolic link with no target");
                    }
                    String target = linkTarget.replace('\\', '/');
                    if (isAbsolute(target)) {
                        throw refuse(name, Reason.LINK_ESCAPES_DESTINATION,
                                "links to '" + linkTarget + "', outside the destination");
                    }
                    List<String> at = physicalParent(name, out);
                    pendingLinks.put(at, target);
                    linkEntries.put(at, name);
                }
                case HARDLINK -> {
                    List<String> target;
                    try {
                        target = normalize(archive, name, linkTarget == null ? "" : linkTarget);
                    } catch (UnsafeArchiveException e) {
                        throw refuse(name, Reason.LINK_ESCAPES_DESTINATION,
                                "links to '" + linkTarget + "', outside the destination");
                    }
                    Path existing = filesByArchivePath.get(target);
                    if (existing == null) {
                        throw refuse(name, Reason.HARD_LINK_TARGET_MISSING, "is a hard link to '" + linkTarget
                                + "', which is not a file extracted before it");
                    }
                    List<String> at = physicalParent(name, out);
                    pendingLinks.remove(at);
                    Path link = onDisk(at);
                    Files.createDirectories(link.getParent());
                    Files.deleteIfExists(link);
                    crc32c.remove(relativeName(link)); // the bytes are another file's now
                    try {
                        Files.createLink(link, existing);
                    } catch (UnsupportedOperationException | IOException e) {
                        // file systems without hard links get a copy, which counts against the budget
                        charge(name, Files.size(existing));
                        Files.copy(existing, link, LinkOption.NOFOLLOW_LINKS);
                    }
                    filesByArchivePath.put(archivePath, link);
                    files++;
                }
                default -> throw new IllegalStateException("unhandled entry kind " + kind);
            }
        }

        private void writeFile(String name, List<String> archivePath, List<String> out, int mode, long declaredSize,
                               FileTime modified, InputStream content, PreparedEntries.PreparedEntry ready)
                throws IOException {
            if (declaredSize > 0 && declaredSize > byteBudget - bytes) {
                charge(name, declaredSize);
            }
            List<String> at = physicalParent(name, out);
            if (flatten) {
                List<String> earlier = flattenedFrom.putIfAbsent(at, archivePath);
                if (earlier != null && !earlier.equals(archivePath)) {
                    throw refuse(name, Reason.CONFLICTING_ENTRY, "has the same file name as '"
                            + String.join("/", earlier) + "', and the archive is being flattened");
                }
            }
            // a later entry replaces an earlier one of the same name, as tar does
            pendingLinks.remove(at);
            Path file = onDisk(at);
            Files.createDirectories(file.getParent());
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                throw refuse(name, Reason.CONFLICTING_ENTRY, "is a file where the archive has a directory");
            }
            if (ready != null) {
                // the same bytes this entry inflates to (EarlyUnzip): counted as if written, then renamed into place
                charge(name, ready.size());
                Files.move(ready.file(), file, StandardCopyOption.REPLACE_EXISTING);
                crc32c.put(relativeName(file), ready.crc32c());
                finishFile(archivePath, file, mode, modified);
                return;
            }
            java.util.zip.Checksum checksum = dev.jconda.cache.Crc32c.checksum();
            try (OutputStream os = Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                WriteBehind.copy(content, os, checksum, n -> charge(name, n), declaredSize);
            }
            crc32c.put(relativeName(file), dev.jconda.cache.Crc32c.hex(checksum));
            finishFile(archivePath, file, mode, modified);
        }

        private void finishFile(List<String> archivePath, Path file, int mode, FileTime modified) throws IOException {
            applyFileMode(file, mode);
            if (modified != null) {
                Files.setLastModifiedTime(file, modified);
            }
            filesByArchivePath.put(archivePath, file);
            files++;
        }

        private void charge(String name, long n) throws UnsafeArchiveException {
            if (n > byteBudget - bytes) {
                boolean ratio = byteBudget < limits.maxTotalBytes();
                throw ratio
                        ? refuse(name, Reason.EXPANSION_RATIO_EXCEEDED, "takes the archive past "
                        + limits.maxExpansionRatio() + " times its size unpacked (" + byteBudget + " bytes)")
                        : refuse(name, Reason.TOO_LARGE, "takes the archive past the limit of "
                        + limits.maxTotalBytes() + " bytes unpacked");
            }
            bytes += n;
        }

        /** The entry's path in the destination, or null when the entry is not to be extracted. */
        private List<String> outputPath(List<String> archivePath, Kind kind) {
            if (archivePath.size() < prefix.size() || !archivePath.subList(0, prefix.size()).equals(prefix)) {
                return null;
            }
            List<String> stripped = archivePath.subList(prefix.size(), archivePath.size());
            if (stripped.isEmpty()) {
                return null;
            }
            if (flatten) {
                return kind == Kind.DIRECTORY ? null : List.of(stripped.getLast());
            }
            return List.copyOf(stripped);
        }

        /** The physical path of an entry: its parent directory resolved through the links so far, and its name. */
        private List<String> physicalParent(String entry, List<String> out) throws UnsafeArchiveException {
            List<String> parent = resolve(entry, out.subList(0, out.size() - 1), true);
            List<String> at = new ArrayList<>(parent);
            at.add(out.getLast());
            return List.copyOf(at);
        }

        /**
         * Resolves a path through the pending symbolic links the way the kernel would once they exist. Returns the
         * physical path, or throws if it climbs above the destination or loops.
         *
         * @param followLast whether a link in the last position is followed too
         */
        private List<String> resolve(String entry, List<String> path, boolean followLast)
                throws UnsafeArchiveException {
            List<String> resolved = new ArrayList<>();
            List<String> todo = new ArrayList<>(path);
            int hops = 0;
            while (!todo.isEmpty()) {
                String name = todo.removeFirst();
                if (name.isEmpty() || name.equals(".")) {
                    continue;
                }
                if (name.equals("..")) {
                    if (resolved.isEmpty()) {
                        // paths are normalized before they get here, so only a link can lead above the root
                        throw refuse(entry, Reason.LINK_ESCAPES_DESTINATION,
                                "resolves outside the destination through a symbolic link");
                    }
                    resolved.removeLast();
                    continue;
                }
                resolved.add(name);
                String target = pendingLinks.get(resolved);
                if (target != null && (followLast || !todo.isEmpty())) {
                    if (++hops > MAX_LINK_HOPS) {
                        throw refuse(entry, Reason.LINK_LOOP, "leads into a loop of symbolic links");
                    }
                    resolved.removeLast();
                    todo.addAll(0, Arrays.asList(target.split("/")));
                }
            }
            return List.copyOf(resolved);
        }

        /** Checks every symbolic link against all the others, then creates them and sets directory modes. */
        void finish() throws IOException {
            for (Map.Entry<List<String>, String> link : pendingLinks.entrySet()) {
                String entry = linkEntries.get(link.getKey());
                List<String> from = new ArrayList<>(link.getKey().subList(0, link.getKey().size() - 1));
                from.addAll(Arrays.asList(link.getValue().split("/")));
                try {
                    resolve(entry, from, true);
                } catch (UnsafeArchiveException e) {
                    if (e.reason() == Reason.LINK_LOOP) {
                        throw e;
                    }
                    throw refuse(entry, Reason.LINK_ESCAPES_DESTINATION,
                            "links to '" + link.getValue() + "', outside the destination");
                }
            }
            Path realRoot = root.toRealPath();
            for (Map.Entry<List<String>, String> link : pendingLinks.entrySet()) {
                Path at = onDisk(link.getKey());
                Files.createDirectories(at.getParent());
                // every link was checked above; this guards the checking itself
                if (!at.getParent().toRealPath().startsWith(realRoot)) {
                    throw refuse(linkEntries.get(link.getKey()), Reason.LINK_ESCAPES_DESTINATION,
                            "would be created outside the destination");
                }
                if (Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                    throw refuse(linkEntries.get(link.getKey()), Reason.CONFLICTING_ENTRY,
                            "is a symbolic link where the archive has a directory");
                }
                Files.deleteIfExists(at);
                crc32c.remove(relativeName(at));
                Files.createSymbolicLink(at, at.getFileSystem().getPath(link.getValue()));
                links++;
            }
            for (Map.Entry<Path, Integer> dir : directoryModes.entrySet()) {
                applyDirectoryMode(dir.getKey(), dir.getValue());
            }
        }

        private String relativeName(Path file) {
            return dev.jconda.cache.ExtractedBundle.relativeName(root, file);
        }

        private Path onDisk(List<String> path) throws UnsafeArchiveException {
            Path p = root;
            for (String name : path) {
                try {
                    p = p.resolve(name);
                } catch (InvalidPathException e) {
                    throw refuse(String.join("/", path), Reason.INVALID_NAME,
                            "has a name this file system cannot hold");
                }
            }
            // belt and braces: the list never holds "..", so this cannot fail unless that invariant breaks
            if (!p.normalize().startsWith(root)) {
                throw refuse(String.join("/", path), Reason.ESCAPES_DESTINATION, "escapes the destination");
            }
            return p;
        }

        private void applyFileMode(Path file, int mode) throws IOException {
            int bits = mode & 0777;
            if (bits == 0) {
                return;
            }
            if (posix) {
                Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setPermissions(permissions(bits | 0400));
            } else if ((bits & 0100) != 0) {
                file.toFile().setExecutable(true);
            }
        }

        private void applyDirectoryMode(Path dir, int mode) throws IOException {
            int bits = mode & 0777;
            if (bits != 0 && posix) {
                Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setPermissions(permissions(bits | 0700));
            }
        }

        private UnsafeArchiveException refuse(String entry, Reason reason, String detail) {
            return new UnsafeArchiveException(archive, entry, reason, detail);
        }
    }

    private enum Kind { FILE, DIRECTORY, SYMLINK, HARDLINK, OTHER }

    /**
     * An entry name as a list of path elements: backslashes read as separators (a Windows tool wrote them, and
     * Windows would obey them), {@code .} and empty elements dropped, {@code ..} applied.
     *
     * @throws UnsafeArchiveException for absolute names and names that climb above the archive's root
     */
    static List<String> normalize(Path archive, String entry, String name) throws UnsafeArchiveException {
        String path = name.replace('\\', '/');
        if (isAbsolute(path)) {
            throw new UnsafeArchiveException(archive, entry, Reason.ABSOLUTE_PATH, "has an absolute path");
        }
        if (path.indexOf('\0') >= 0) {
            throw new UnsafeArchiveException(archive, entry, Reason.INVALID_NAME, "has a NUL character in its name");
        }
        List<String> elements = new ArrayList<>();
        for (String element : path.split("/")) {
            if (element.isEmpty() || element.equals(".")) {
                continue;
            }
            if (element.equals("..")) {
                if (elements.isEmpty()) {
                    throw new UnsafeArchiveException(archive, entry, Reason.ESCAPES_DESTINATION,
                            "escapes the destination");
                }
                elements.removeLast();
            } else {
                elements.add(element);
            }
        }
        return List.copyOf(elements);
    }

    private static boolean isAbsolute(String path) {
        return path.startsWith("/") || (path.length() >= 2 && path.charAt(1) == ':'
                && Character.isLetter(path.charAt(0)));
    }

    /** Unix file types other than regular, directory and link: fifo, char/block device, socket. */
    private static boolean isSpecialUnixFile(int mode) {
        int type = mode & 0170000;
        return type == 0010000 || type == 0020000 || type == 0060000 || type == 0140000;
    }

    private static Set<PosixFilePermission> permissions(int bits) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE};
        for (int i = 0; i < order.length; i++) {
            if ((bits & (0400 >> i)) != 0) {
                set.add(order[i]);
            }
        }
        return set;
    }

    private static boolean isAbsentOrEmptyDirectory(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            return !children.iterator().hasNext();
        }
    }

    private static void moveIntoPlace(Path archive, Path staging, Path destination, boolean replaceExisting)
            throws IOException {
        Path previous = null;
        if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
            if (isAbsentOrEmptyDirectory(destination)) {
                Files.delete(destination);
            } else if (replaceExisting) {
                previous = destination.resolveSibling("." + destination.getFileName() + ".replaced-"
                        + UUID.randomUUID());
                move(destination, previous);
            } else {
                throw new FileAlreadyExistsException(destination.toString(), null,
                        "not extracting " + archive + " over a destination that is not empty");
            }
        }
        try {
            move(staging, destination);
        } catch (IOException e) {
            if (previous != null) {
                move(previous, destination);
            }
            throw e;
        }
        if (previous != null) {
            deleteRecursively(previous);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** Deletes a tree without following links out of it. */
    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
