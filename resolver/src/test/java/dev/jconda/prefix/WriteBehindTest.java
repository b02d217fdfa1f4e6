package dev.jconda.prefix;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import dev.jconda.cache.Crc32c;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The write-behind copy: the same bytes and checksum as one thread makes, and failures that leave nothing writing. */
class WriteBehindTest {
    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(7).nextBytes(b);
        return b;
    }

    @Test
    void copiesEveryByteInOrderAndChecksumsThem() throws Exception {
        for (int n : new int[] {0, 1, 1 << 20, (1 << 20) + 1, (5 << 20) + 777, 4 << 20}) {
            byte[] in = bytes(n);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AtomicInteger charged = new AtomicInteger();
            java.util.zip.Checksum checksum = WriteBehind.copy(new ByteArrayInputStream(in), out,
                    Crc32c.checksum(), n2 -> charged.addAndGet((int) n2));
            assertArrayEquals(in, out.toByteArray(), n + " bytes");
            assertEquals(Crc32c.of(in), Crc32c.hex(checksum), n + " bytes");
            assertEquals(n, charged.get(), "every byte is charged to the budget");
        }
    }

    /** Records writes, slowly, and whether one came after the copy had returned. */
    private static final class SlowSink extends OutputStream {
        final AtomicInteger writes = new AtomicInteger();
        final AtomicBoolean returned = new AtomicBoolean();
        final AtomicBoolean lateWrite = new AtomicBoolean();

        @Override
        public void write(int b) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void write(byte[] b, int off, int len) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (returned.get()) {
                lateWrite.set(true);
            }
            writes.incrementAndGet();
        }
    }

    @Test
    void aRefusedBudgetEndsTheCopyAfterTheWritesAlreadyHandedOver() throws Exception {
        SlowSink sink = new SlowSink();
        IOException refusal = new IOException("past the limit");
        AtomicInteger chunks = new AtomicInteger();
        IOException thrown = assertThrows(IOException.class, () -> WriteBehind.copy(
                new ByteArrayInputStream(bytes(9 << 20)), sink, Crc32c.checksum(), n -> {
                    if (chunks.incrementAndGet() == 4) {
                        throw refusal;
                    }
                }));
        sink.returned.set(true);
        assertSame(refusal, thrown);
        assertEquals(3, sink.writes.get(), "the three chunks charged before the refusal, and no more");
        Thread.sleep(100);
        assertFalse(sink.lateWrite.get(), "nothing was still writing when the copy returned");
    }

    @Test
    void aFailedWriteIsTheCopysFailure() throws Exception {
        IOException full = new IOException("No space left on device");
        OutputStream disk = new OutputStream() {
            int writes;

            @Override
            public void write(int b) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (++writes == 2) {
                    throw full;
                }
            }
        };
        IOException thrown = assertThrows(IOException.class, () -> WriteBehind.copy(
                new ByteArrayInputStream(bytes(9 << 20)), disk, Crc32c.checksum(), n -> { }));
        assertSame(full, thrown);
    }
}
