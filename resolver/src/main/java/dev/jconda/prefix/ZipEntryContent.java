package dev.jconda.prefix;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The bytes of one zip entry. A deflated entry is inflated from its raw bytes in 1 MiB steps: Commons Compress
 * feeds the inflater 512 bytes at a time, and for libtorch (one 440 MB file, 109 MB deflated) that cost 1.34-1.36 s
 * against 1.09-1.10 s, new JVMs on this project's 2-core machine. Every other entry (stored, another method, or one
 * Commons Compress cannot read, such as an encrypted one, which it refuses with its own error) is read as Commons
 * Compress reads it.
 */
final class ZipEntryContent {
    private static final int INPUT_BUFFER = 1 << 20;

    private ZipEntryContent() {
    }

    static InputStream open(ZipFile zip, ZipArchiveEntry entry) throws IOException {
        if (entry.getMethod() != ZipMethod.DEFLATED.getCode() || !zip.canReadEntryData(entry)) {
            return zip.getInputStream(entry);
        }
        InputStream raw = zip.getRawInputStream(entry);
        if (raw == null) {
            return zip.getInputStream(entry);
        }
        Inflater inflater = new Inflater(true);
        // zlib without a header may want one byte past the deflated data to see its end, as java.util.zip adds
        InputStream deflated = new SequenceInputStream(raw, new ByteArrayInputStream(new byte[1]));
        return new InflaterInputStream(deflated, inflater, INPUT_BUFFER) {
            private boolean closed;

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    try {
                        super.close();
                    } finally {
                        inflater.end(); // native memory, not left to the cleaner
                    }
                }
            }
        };
    }
}
