package dev.jconda.server.worker;

import dev.jconda.server.buffer.ByteSink;
import dev.jconda.server.posix.FdOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * JSON-lines access log. Every worker appends to the same file (O_APPEND, one write per line, so lines from
 * different workers do not interleave) or to a private dup of stdout for {@code -}.
 */
final class AccessLog {
    private final FileChannel file;
    private final FdOutput stdout;

    private AccessLog(FileChannel file, FdOutput stdout) {
        this.file = file;
        this.stdout = stdout;
    }

    static AccessLog open(String target) throws IOException {
        if (target.equals("-")) {
            return new AccessLog(null, FdOutput.duplicate(1));
        }
        return new AccessLog(FileChannel.open(Path.of(target), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), null);
    }

    void write(ByteSink line) {
        if (stdout != null) {
            stdout.write(line.array(), 0, line.size());
            return;
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(line.array(), 0, line.size());
            while (b.hasRemaining()) {
                file.write(b);
            }
        } catch (IOException e) {
            // A full disk must not fail requests.
        }
    }
}
