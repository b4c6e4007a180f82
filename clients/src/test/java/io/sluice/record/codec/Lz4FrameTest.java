package io.sluice.record.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.record.CompressionType;
import io.sluice.record.CorruptRecordException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Our LZ4 frame writer checked against lz4-java's independent frame reader, and our reader against
 * frames lz4-java writes with every optional field (block and content checksums, content size,
 * larger blocks).
 */
class Lz4FrameTest {

    private static byte[] sample(int size, boolean compressible) {
        byte[] data = new byte[size];
        if (compressible) {
            for (int i = 0; i < size; i++) {
                data[i] = (byte) ("abcdefgh".charAt(i % 8) + (i / 1000) % 3);
            }
        } else {
            new Random(size).nextBytes(data);
        }
        return data;
    }

    private static byte[] ours(byte[] data) throws IOException {
        ByteBufferOutputStream out = new ByteBufferOutputStream(64);
        try (Lz4FrameOutputStream lz4 = new Lz4FrameOutputStream(out)) {
            lz4.write(data, 0, data.length);
        }
        ByteBuffer buffer = out.buffer().flip();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void ourFramesReadWithLz4JavasFrameReader() throws IOException {
        for (int size : new int[] {0, 1, 100, 65_535, 65_536, 65_537, 300_000}) {
            for (boolean compressible : new boolean[] {true, false}) {
                byte[] data = sample(size, compressible);
                byte[] frame = ours(data);
                // lz4-java verifies the header checksum the spec way, so this also proves HC is right.
                assertThat(readAll(new LZ4FrameInputStream(new java.io.ByteArrayInputStream(frame)))).isEqualTo(data);
                assertThat(readAll(new Lz4FrameInputStream(ByteBuffer.wrap(frame)))).isEqualTo(data);
            }
        }
    }

    @Test
    void writesKafkasDescriptor() throws IOException {
        byte[] frame = ours(new byte[10]);
        assertThat(ByteBuffer.wrap(frame).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(0x184D2204);
        assertThat(frame[4]).isEqualTo((byte) 0x60);
        assertThat(frame[5]).isEqualTo((byte) 0x40);
        // Ends with the end mark.
        assertThat(ByteBuffer.wrap(frame, frame.length - 4, 4).getInt()).isZero();
    }

    @Test
    void readsFramesWithEveryOptionalField() throws IOException {
        byte[] data = sample(1_500_000, true);
        LZ4FrameOutputStream.FLG.Bits[][] flagSets = {
            {LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE},
            {LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.BLOCK_CHECKSUM},
            {LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM},
            {LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE,
                LZ4FrameOutputStream.FLG.Bits.BLOCK_CHECKSUM, LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM},
        };
        for (LZ4FrameOutputStream.BLOCKSIZE blockSize : LZ4FrameOutputStream.BLOCKSIZE.values()) {
            for (LZ4FrameOutputStream.FLG.Bits[] flags : flagSets) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (LZ4FrameOutputStream lz4 = new LZ4FrameOutputStream(out, blockSize, data.length, flags)) {
                    lz4.write(data);
                }
                byte[] frame = out.toByteArray();
                assertThat(readAll(new Lz4FrameInputStream(ByteBuffer.wrap(frame)))).isEqualTo(data);
                assertThat(Codecs.decompress(CompressionType.LZ4, ByteBuffer.wrap(frame), data.length))
                        .isEqualTo(ByteBuffer.wrap(data));
            }
        }
    }

    @Test
    void detectsCorruption() throws IOException {
        byte[] data = sample(200_000, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LZ4FrameOutputStream lz4 = new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB,
                LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.BLOCK_CHECKSUM,
                LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM)) {
            lz4.write(data);
        }
        byte[] good = out.toByteArray();

        byte[] badHeader = good.clone();
        badHeader[6] ^= 1;
        assertThatThrownBy(() -> readAll(new Lz4FrameInputStream(ByteBuffer.wrap(badHeader))))
                .isInstanceOf(IOException.class).hasMessageContaining("descriptor checksum");

        byte[] badBlock = good.clone();
        badBlock[20] ^= 1;
        assertThatThrownBy(() -> readAll(new Lz4FrameInputStream(ByteBuffer.wrap(badBlock))))
                .isInstanceOf(IOException.class).hasMessageContaining("block checksum");

        byte[] badContent = good.clone();
        badContent[badContent.length - 1] ^= 1;
        assertThatThrownBy(() -> readAll(new Lz4FrameInputStream(ByteBuffer.wrap(badContent))))
                .isInstanceOf(IOException.class).hasMessageContaining("content checksum");

        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 10);
        assertThatThrownBy(() -> Codecs.decompress(CompressionType.LZ4, ByteBuffer.wrap(truncated), 1 << 20))
                .isInstanceOf(CorruptRecordException.class);

        byte[] dependent = ours(data);
        dependent[4] &= ~0x20;
        assertThatThrownBy(() -> new Lz4FrameInputStream(ByteBuffer.wrap(dependent)))
                .isInstanceOf(IOException.class).hasMessageContaining("dependent");
    }
}
