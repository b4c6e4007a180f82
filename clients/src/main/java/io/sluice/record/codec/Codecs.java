package io.sluice.record.codec;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.sluice.record.CompressionType;
import io.sluice.record.CorruptRecordException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.xerial.snappy.SnappyOutputStream;

/**
 * The stream formats of the batch codecs, as Kafka's clients write and read them:
 *
 * <ul>
 *   <li>gzip: RFC 1952 members ({@code java.util.zip});</li>
 *   <li>snappy: xerial's framing (see {@link XerialSnappyInputStream}), written with
 *       {@code org.xerial.snappy.SnappyOutputStream} as Kafka does, read by our bounded reader;</li>
 *   <li>lz4: one LZ4 frame, see {@link Lz4Frame};</li>
 *   <li>zstd: zstd frames via zstd-jni.</li>
 * </ul>
 *
 * <p>Decompression is always bounded by a caller-provided size, so a small batch that expands
 * without limit (a "zip bomb") fails with {@link DecompressedSizeExceededException} instead of
 * exhausting the heap. Stateless and thread-safe.
 */
public final class Codecs {

    private Codecs() {
    }

    /**
     * Wraps {@code out} so that what is written to the returned stream reaches {@code out}
     * compressed. Closing the returned stream finishes the compressed stream and closes {@code out}.
     */
    public static OutputStream wrapForOutput(CompressionType type, OutputStream out) {
        try {
            switch (type) {
                case NONE:
                    return out;
                case GZIP:
                    // Buffers as Kafka sizes them: 8 KiB deflater output, 16 KiB input so small record writes are cheap.
                    return new BufferedOutputStream(new GZIPOutputStream(out, 8 * 1024), 16 * 1024);
                case SNAPPY:
                    return new SnappyOutputStream(out);
                case LZ4:
                    return new Lz4FrameOutputStream(out);
                case ZSTD:
                    return new BufferedOutputStream(new ZstdOutputStreamNoFinalizer(out, RecyclingBufferPool.INSTANCE), 16 * 1024);
                default:
                    throw new IllegalArgumentException("Unknown compression type " + type);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A stream of the decompressed bytes of {@code compressed}'s remaining bytes; its position is not
     * moved. {@code maxBytes} bounds what codecs that announce block sizes up front (snappy) will
     * allocate; {@link #decompress} bounds the total for every codec.
     */
    public static InputStream wrapForInput(CompressionType type, ByteBuffer compressed, int maxBytes) throws IOException {
        InputStream raw = new ByteBufferInputStream(compressed);
        switch (type) {
            case NONE:
                return raw;
            case GZIP:
                return new GZIPInputStream(raw, 8 * 1024);
            case SNAPPY:
                return new XerialSnappyInputStream(compressed, maxBytes);
            case LZ4:
                return new Lz4FrameInputStream(compressed);
            case ZSTD:
                return new ZstdInputStreamNoFinalizer(raw, RecyclingBufferPool.INSTANCE);
            default:
                throw new IllegalArgumentException("Unknown compression type " + type);
        }
    }

    /** Compresses the remaining bytes of {@code source} (position unchanged) into a new buffer, flipped for reading. */
    public static ByteBuffer compress(CompressionType type, ByteBuffer source) {
        ByteBufferOutputStream out = new ByteBufferOutputStream(Math.max(64, source.remaining() / 2));
        try (OutputStream stream = wrapForOutput(type, out)) {
            ByteBuffer copy = source.duplicate();
            byte[] chunk = new byte[Math.min(copy.remaining(), 64 * 1024)];
            while (copy.hasRemaining()) {
                int n = Math.min(chunk.length, copy.remaining());
                copy.get(chunk, 0, n);
                stream.write(chunk, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.buffer().flip();
    }

    /**
     * Decompresses the remaining bytes of {@code compressed} (position unchanged) into a new heap
     * buffer, flipped for reading.
     *
     * @throws DecompressedSizeExceededException if the result would exceed {@code maxBytes}
     * @throws CorruptRecordException if the compressed bytes are malformed for their codec
     */
    public static ByteBuffer decompress(CompressionType type, ByteBuffer compressed, int maxBytes) {
        if (type == CompressionType.NONE) {
            if (compressed.remaining() > maxBytes) {
                throw new DecompressedSizeExceededException(type, maxBytes);
            }
            return compressed.slice();
        }
        // Start near the usual 2-4x ratio of record data and double from there: few copies, and
        // memory grows only as far as the data really expands.
        int capacity = (int) Math.min(maxBytes, Math.max(1024L, compressed.remaining() * 4L));
        byte[] out = new byte[capacity];
        int length = 0;
        try (InputStream in = wrapForInput(type, compressed, maxBytes)) {
            while (true) {
                if (length == out.length) {
                    if (length >= maxBytes) {
                        if (in.read() < 0) {
                            break;
                        }
                        throw new DecompressedSizeExceededException(type, maxBytes);
                    }
                    byte[] grown = new byte[(int) Math.min(maxBytes, out.length * 2L)];
                    System.arraycopy(out, 0, grown, 0, length);
                    out = grown;
                }
                int n = in.read(out, length, out.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
            }
        } catch (DecompressedSizeExceededException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Codec libraries signal bad input with IOException or their own runtime exceptions.
            throw new CorruptRecordException("Malformed " + type + " compressed records: " + e.getMessage(), e);
        }
        return ByteBuffer.wrap(out, 0, length).slice();
    }
}
