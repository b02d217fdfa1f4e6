package dev.jconda.prefix;

import dev.jconda.cache.DownloadTap;
import dev.jconda.cache.Crc32c;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates a zip's entries while the zip downloads, so that unpacking a native bundle overlaps its download instead
 * of following it. libtorch's jar is one deflated 440 MB file: inflating it takes as long as downloading it at
 * 100 MB/s, and used to start only once the download was verified. This reads the file as the download writes it,
 * never ahead of what is written and never holding the download up. Where the network is faster than inflating, it
 * falls behind; once it is {@value #MAX_LAG_BYTES} bytes behind, it waits for the download to end and then catches
 * up, because inflating beside a download that is not waiting on the network only takes the CPU the download needs.
 * On this project's 2-core machine, creating the default environment took 3.1-3.2 s instead of 4.2-4.4 s over a
 * 50 MB/s link (curl: 2.5 s); from Central through the local proxy, about 400 MB/s, it took 3.3 s inflating all the
 * way beside the download, and with the pause 3.0 s against 2.9 s without inflating early (medians of 8). Unpacking
 * the bundle, once it has arrived, waits for it.
 *
 * <p>Why inflating bytes that are not verified yet is safe: an entry's inflated bytes are a function of its deflated
 * bytes alone. This reads entries by their local headers, in the order the bytes arrive, and keeps for each one where
 * its local header starts and how many deflated bytes it took. {@link ArchiveExtractor} reads the verified archive by
 * its central directory and takes a prepared file only for an entry whose local header starts at the same offset,
 * with the same compressed and uncompressed sizes: the same bytes of the same file, inflated the same way. Anything
 * else (an entry this could not delimit, a stored entry, the bytes of an attempt that failed or of a file that did
 * not match its checksum) is unpacked from the archive as before. Inflating untrusted bytes is what the extractor does
 * with every archive; the same limits bound what this writes, counted against the bytes received so far
 * ({@link ArchiveExtractor.Limits#budgetFor}), into a folder beside the archive ({@code .inflated-*.tmp}, which the
 * sweep of stale temporaries removes after a kill).
 */
public final class EarlyUnzip implements DownloadTap, AutoCloseable {
    /** Entries whose local header says they inflate to less are skipped: unpacking them later costs little. */
    private static final long PREPARE_MIN_BYTES = 1L << 20;
    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int DATA_DESCRIPTOR = 0x08074b50;
    private static final int DEFLATED = 8;
    private static final long NO_SIZE = -1;
    /** Bytes read from the file at a time. */
    private static final int READ_BYTES = 1 << 20;
    /** How far behind the download this may fall before it leaves the CPU to the download until it ends. */
    private static final long MAX_LAG_BYTES = 16L << 20;

    private final Path folder;
    private final ArchiveExtractor.Limits limits;
    private final List<Speculation> attempts = new ArrayList<>();

    /**
     * @param besideArchive the folder the archive is downloaded into (the package cache's entry), where prepared files
     *                      go, so that moving one into the unpacked bundle is a rename
     * @param limits        the extractor's: never more inflated bytes than they allow an archive of the bytes so far
     */
    public EarlyUnzip(Path besideArchive, ArchiveExtractor.Limits limits) {
        this.folder = besideArchive;
        this.limits = limits;
    }

    @Override
    public synchronized Attempt begin(Path file) {
        if (!attempts.isEmpty()) {
            Speculation before = attempts.getLast();
            before.abandon();
            try {
                before.thread.join(); // it stops at its next chunk, and deletes what it made
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Speculation s = new Speculation(file);
        attempts.add(s);
        s.thread.start();
        return s;
    }

    /**
     * What the last attempt prepared, once its body ended: call it only after the download was verified. Waits for the
     * inflating to finish.
     */
    public PreparedEntries prepared() throws InterruptedException {
        Speculation last;
        synchronized (this) {
            if (attempts.isEmpty()) {
                return PreparedEntries.NONE;
            }
            last = attempts.getLast();
        }
        last.thread.join();
        if (last.dead || !last.ended) {
            return PreparedEntries.NONE;
        }
        return (offset, compressedSize, size) -> {
            Prepared p = last.entries.get(offset);
            if (p == null || p.compressedSize != compressedSize || p.entry.size() != size
                    || !last.entries.remove(offset, p)) {
                return Optional.empty();
            }
            return Optional.of(p.entry);
        };
    }

    /** Stops every attempt and deletes what none of them handed out. Never throws. */
    @Override
    public void close() {
        List<Speculation> all;
        synchronized (this) {
            all = List.copyOf(attempts);
        }
        for (Speculation s : all) {
            s.abandon();
            try {
                s.thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            s.deleteOutputs();
        }
        try {
            Files.deleteIfExists(folder); // a failed download leaves no empty package cache entry behind
        } catch (IOException notEmpty) {
            // the downloaded file is there, or another process's
        }
    }

    private record Prepared(PreparedEntries.PreparedEntry entry, long compressedSize) {
    }

    /** Thrown inside the inflating thread when its attempt was abandoned. */
    private static final class Abandoned extends IOException {
        Abandoned() {
            super("abandoned");
        }
    }

    /** One download attempt: the file it writes, how much of it is written, and the thread that inflates it. */
    private final class Speculation implements Attempt, Runnable {
        final Path file;
        final Map<Long, Prepared> entries = new ConcurrentHashMap<>();
        final Thread thread = Thread.ofPlatform().daemon().name("jconda-early-unzip").unstarted(this);
        final Object progress = new Object();
        volatile boolean dead;
        volatile boolean ended;
        /** Bytes of the file written so far. */
        volatile long available;
        /**
         * The count of written bytes the inflating thread waits for: the download wakes it only then, not at each of
         * its thousands of writes, which cost a create 0.2 s on 2 cores in context switches.
         */
        volatile long wanted = Long.MAX_VALUE;
        Path outputs;
        /** Bytes inflated so far, all entries together: what the extractor's limits bound. */
        long inflated;

        Speculation(Path file) {
            this.file = file;
        }

        @Override
        public void written(long bytes) {
            available = bytes;
            if (bytes >= wanted) {
                wake();
            }
        }

        @Override
        public void ended() {
            ended = true;
            wake();
        }

        @Override
        public void abandon() {
            dead = true;
            wake();
        }

        private void wake() {
            synchronized (progress) {
                progress.notifyAll();
            }
        }

        @Override
        public void run() {
            try (FileChannel channel = openWhenWritten()) {
                if (channel != null) {
                    new EntryReader(this, channel).readAll();
                }
            } catch (IOException | RuntimeException e) {
                // this attempt prepares no more entries; the extractor unpacks the rest from the archive
            } finally {
                if (dead) {
                    deleteOutputs();
                }
            }
        }

        /** The file, once its first bytes are written (a retry truncates it before); null when none ever are. */
        private FileChannel openWhenWritten() throws IOException {
            if (!waitFor(1)) {
                return null;
            }
            return FileChannel.open(file, StandardOpenOption.READ);
        }

        /**
         * Waits until at least {@code bytes} bytes are written; false when the attempt ended with fewer.
         *
         * @throws Abandoned when the attempt was abandoned
         */
        boolean waitFor(long bytes) throws Abandoned {
            if (available >= bytes && !dead) {
                return true;
            }
            synchronized (progress) {
                try {
                    while (true) {
                        wanted = bytes; // before looking: a write after the look then sees it and wakes this
                        if (dead) {
                            throw new Abandoned();
                        }
                        if (available >= bytes) {
                            return true;
                        }
                        if (ended) {
                            return false;
                        }
                        progress.wait(50);
                    }
                } catch (InterruptedException e) {
                    throw new Abandoned();
                } finally {
                    wanted = Long.MAX_VALUE;
                }
            }
        }

        /** Waits until the attempt ended (or was abandoned: then throws). */
        void waitForEnd() throws Abandoned {
            synchronized (progress) {
                while (!ended) {
                    if (dead) {
                        throw new Abandoned();
                    }
                    try {
                        progress.wait(50);
                    } catch (InterruptedException e) {
                        throw new Abandoned();
                    }
                }
            }
        }

        synchronized void deleteOutputs() {
            entries.clear();
            if (outputs != null) {
                PrefixInstaller.deleteTree(outputs);
                outputs = null;
            }
        }

        synchronized Path outputFolder() throws IOException {
            if (dead) {
                throw new Abandoned();
            }
            if (outputs == null) {
                outputs = Files.createDirectory(folder.resolve(".inflated-" + UUID.randomUUID() + ".tmp"));
            }
            return outputs;
        }

        void charge(long bytes, long received) throws IOException {
            inflated += bytes;
            if (inflated > limits.budgetFor(received)) {
                throw new IOException("past what the extractor allows an archive of " + received + " bytes");
            }
        }
    }

    /** The file as it is written, as a sequence of bytes with a position: the zip's offsets. */
    private static final class Feed {
        private final Speculation source;
        private final FileChannel channel;
        /**
         * One buffer for the whole file, refilled at each {@link #more}: a new one each time made 110 MB of garbage
         * for libtorch, a young collection and 25,000 page faults. Nothing holds on to its bytes across a refill:
         * {@link #read} copies them, and the inflater is given more only once it needs input.
         */
        final byte[] buf = new byte[READ_BYTES];
        /** The bytes of {@code buf} that hold the file's, from {@code buf[0]}. */
        int limit;
        int pos;
        /** The offset in the zip of {@code buf[0]}. */
        long base;

        Feed(Speculation source, FileChannel channel) {
            this.source = source;
            this.channel = channel;
        }

        long offset() {
            return base + pos;
        }

        /** True when at least one byte is available at {@code pos}; false at the end of the body. */
        boolean more() throws IOException {
            if (pos < limit) {
                return true;
            }
            long next = base + limit;
            if (source.available - next > MAX_LAG_BYTES) {
                source.waitForEnd(); // the network is faster than this: the download first
            }
            if (!source.waitFor(next + 1)) {
                return false;
            }
            int n = (int) Math.min(READ_BYTES, source.available - next);
            ByteBuffer into = ByteBuffer.wrap(buf, 0, n);
            while (into.hasRemaining()) {
                if (channel.read(into, next + into.position()) < 0) {
                    throw new EOFException("the file is shorter than what was written to it");
                }
            }
            base = next;
            limit = n;
            pos = 0;
            return true;
        }

        byte[] read(int n) throws IOException {
            byte[] out = new byte[n];
            for (int filled = 0; filled < n; ) {
                if (!more()) {
                    throw new EOFException();
                }
                int take = Math.min(n - filled, limit - pos);
                System.arraycopy(buf, pos, out, filled, take);
                pos += take;
                filled += take;
            }
            return out;
        }

        void skip(long n) throws IOException {
            for (long left = n; left > 0; ) {
                if (!more()) {
                    throw new EOFException();
                }
                int take = (int) Math.min(left, limit - pos);
                pos += take;
                left -= take;
            }
        }
    }

    /** Reads local headers in turn and inflates the entries worth preparing. */
    private static final class EntryReader {
        private final Speculation speculation;
        private final Feed feed;

        EntryReader(Speculation speculation, FileChannel channel) {
            this.speculation = speculation;
            this.feed = new Feed(speculation, channel);
        }

        void readAll() throws IOException {
            while (true) {
                long headerOffset = feed.offset();
                if (!feed.more()) {
                    return;
                }
                byte[] h = feed.read(30);
                if (le32(h, 0) != LOCAL_HEADER) {
                    return; // the central directory, or something this does not read: the extractor will
                }
                int flags = le16(h, 6);
                int method = le16(h, 8);
                long compressedSize = le32(h, 18) & 0xffffffffL;
                long size = le32(h, 22) & 0xffffffffL;
                feed.skip(le16(h, 26));
                byte[] extra = feed.read(le16(h, 28));
                boolean zip64 = false;
                for (int i = 0; i + 4 <= extra.length; i += 4 + le16(extra, i + 2)) {
                    if (le16(extra, i) == 0x0001) { // zip64: each size that the header gives as 0xffffffff, in order
                        zip64 = true;
                        int at = i + 4;
                        int endOfField = Math.min(extra.length, at + le16(extra, i + 2));
                        if (size == 0xffffffffL && at + 8 <= endOfField) {
                            size = le64(extra, at);
                            at += 8;
                        }
                        if (compressedSize == 0xffffffffL && at + 8 <= endOfField) {
                            compressedSize = le64(extra, at);
                        }
                    }
                }
                boolean descriptor = (flags & 0x08) != 0;
                if ((flags & 0x01) != 0) {
                    return; // encrypted: the extractor refuses it
                }
                if (method == DEFLATED && (descriptor || size >= PREPARE_MIN_BYTES)) {
                    long dataStart = feed.offset();
                    if (!prepare(headerOffset, descriptor ? NO_SIZE : size)) {
                        return;
                    }
                    if (!descriptor && feed.offset() - dataStart != compressedSize) {
                        speculation.entries.remove(headerOffset);
                        return; // the header's size and the deflated stream disagree: stop where it is unclear
                    }
                    if (descriptor) {
                        byte[] first = feed.read(4);
                        feed.skip((le32(first, 0) == DATA_DESCRIPTOR ? 4 : 0) + (zip64 ? 16 : 8));
                    }
                } else if (!descriptor) {
                    feed.skip(compressedSize);
                } else {
                    return; // a stored entry with a data descriptor ends where only the central directory says
                }
            }
        }

        /** Inflates one entry into a file of its own; false when it could not (the reading stops there). */
        private boolean prepare(long headerOffset, long expectedSize) throws IOException {
            long dataStart = feed.offset();
            Path out = speculation.outputFolder().resolve(headerOffset + ".bin");
            Inflater inflater = new Inflater(true);
            java.util.zip.Checksum checksum = Crc32c.checksum();
            long[] size = {0};
            try {
                try (OutputStream os = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE); InputStream in = new Inflating(feed, inflater)) {
                    WriteBehind.Budget budget = n -> {
                        size[0] += n;
                        speculation.charge(n, feed.offset());
                    };
                    WriteBehind.copy(in, os, checksum, budget, expectedSize);
                }
                feed.pos -= inflater.getRemaining(); // bytes the inflater was given past the entry's end
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(out);
                throw e;
            } finally {
                inflater.end();
            }
            if (expectedSize != NO_SIZE && size[0] != expectedSize) {
                Files.deleteIfExists(out);
                return false;
            }
            speculation.entries.put(headerOffset, new Prepared(new PreparedEntries.PreparedEntry(out, size[0],
                    Crc32c.hex(checksum)), feed.offset() - dataStart));
            return true;
        }
    }

    /** One deflated entry's bytes, inflated, ending where its deflate stream ends. */
    private static final class Inflating extends InputStream {
        private final Feed feed;
        private final Inflater inflater;

        Inflating(Feed feed, Inflater inflater) {
            this.feed = feed;
            this.inflater = inflater;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            try {
                while (true) {
                    int n = inflater.inflate(b, off, len);
                    if (n > 0) {
                        return n;
                    }
                    if (inflater.finished()) {
                        return -1;
                    }
                    if (inflater.needsDictionary()) {
                        throw new IOException("a deflate stream that needs a preset dictionary");
                    }
                    if (inflater.needsInput()) {
                        if (!feed.more()) {
                            throw new EOFException("the body ended inside a deflated entry");
                        }
                        inflater.setInput(feed.buf, feed.pos, feed.limit - feed.pos);
                        feed.pos = feed.limit;
                    }
                }
            } catch (DataFormatException e) {
                throw new IOException("not a deflate stream: " + e.getMessage(), e);
            }
        }
    }

    private static int le16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static int le32(byte[] b, int at) {
        return le16(b, at) | le16(b, at + 2) << 16;
    }

    private static long le64(byte[] b, int at) {
        return (le32(b, at) & 0xffffffffL) | (long) le32(b, at + 4) << 32;
    }
}
