package io.sluice.record.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.record.CompressionType;
import io.sluice.record.CorruptRecordException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyInputStream;
import org.xerial.snappy.SnappyOutputStream;

class XerialSnappyInputStreamTest {

    private static byte[] data(int size) {
        byte[] data = new byte[size];
        Random random = new Random(size);
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (random.nextInt(8) == 0 ? random.nextInt() : 'a' + i % 7);
        }
        return data;
    }

    private static byte[] framed(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SnappyOutputStream snappy = new SnappyOutputStream(out)) {
            snappy.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void readsWhatSnappyOutputStreamWritesAsSnappyInputStreamDoes() throws IOException {
        for (int size : new int[] {0, 1, 1000, 32 * 1024, 32 * 1024 + 1, 500_000}) {
            byte[] data = data(size);
            byte[] compressed = framed(data);
            assertThat(new XerialSnappyInputStream(ByteBuffer.wrap(compressed), size).readAllBytes()).isEqualTo(data);
            assertThat(new SnappyInputStream(new ByteArrayInputStream(compressed)).readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void readsRawSnappyAndConcatenatedStreams() throws IOException {
        byte[] data = data(70_000);
        assertThat(new XerialSnappyInputStream(ByteBuffer.wrap(Snappy.compress(data)), data.length).readAllBytes())
                .isEqualTo(data);

        byte[] first = framed(data);
        byte[] second = framed(new byte[] {1, 2, 3});
        ByteBuffer both = ByteBuffer.allocate(first.length + second.length).put(first).put(second).flip();
        byte[] read = new XerialSnappyInputStream(both, 1 << 20).readAllBytes();
        assertThat(read).hasSize(data.length + 3);
        assertThat(ByteBuffer.wrap(read, 0, data.length)).isEqualTo(ByteBuffer.wrap(data));
    }

    /** A 6-byte block that claims to expand to 2 GiB: xerial's own stream would try to allocate it. */
    @Test
    void refusesABlockClaimingMoreThanTheBudgetBeforeAllocating() throws IOException {
        byte[] header = java.util.Arrays.copyOf(framed(new byte[1]), 16);
        byte[] block = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0};
        ByteBuffer bomb = ByteBuffer.allocate(16 + 4 + block.length).put(header).putInt(block.length).put(block).flip();
        assertThatThrownBy(() -> Codecs.decompress(CompressionType.SNAPPY, bomb, 1 << 20))
                .isInstanceOf(DecompressedSizeExceededException.class);

        ByteBuffer badLength = ByteBuffer.allocate(16 + 4 + 2).put(header).putInt(0x7ffffff0).put(new byte[2]).flip();
        assertThatThrownBy(() -> Codecs.decompress(CompressionType.SNAPPY, badLength, 1 << 20))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("runs past the end");
    }
}
