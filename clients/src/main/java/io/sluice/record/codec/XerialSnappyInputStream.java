package io.sluice.record.codec;

import io.sluice.record.CompressionType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyError;

/**
 * Reads snappy-compressed batch records in xerial's framing, the way Kafka's Java client and
 * librdkafka write them, and raw snappy (what some clients, e.g. kafkajs' snappy codec, write),
 * which Kafka's reader also accepts.
 *
 * <pre>
 * stream = header chunk*
 * header = 0x82 'S' 'N' 'A' 'P' 'P' 'Y' 0x00, int32 version, int32 minimum compatible version
 * chunk  = int32 length, then a raw snappy block of that length
 *          (a second header may appear where a chunk starts: streams can be concatenated)
 * raw snappy block = varint uncompressed length, then the compressed elements
 * </pre>
 *
 * <p>Why not {@code org.xerial.snappy.SnappyInputStream}: it allocates whatever a block claims to
 * decompress to (up to 2 GiB) before looking at the data, so one small malicious batch could take
 * the heap. Here each block's claimed length is checked against the caller's remaining budget
 * first. Integers are big-endian. Not thread-safe.
 */
public final class XerialSnappyInputStream extends InputStream {

    private static final byte[] MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
    private static final int HEADER_SIZE = MAGIC.length + 8;

    private final ByteBuffer in;
    private final boolean framed;
    private final byte[] single = new byte[1];
    private final int maxBytes;
    private int budget;
    private byte[] block = new byte[0];
    private int blockPosition;
    private int blockLength;
    private boolean rawDone;

    /**
     * @param source the compressed bytes (remaining ones; the position is not moved)
     * @param maxBytes the most this stream may produce; a block claiming more fails with
     *                 {@link DecompressedSizeExceededException}
     */
    public XerialSnappyInputStream(ByteBuffer source, int maxBytes) throws IOException {
        this.in = source.duplicate();
        this.maxBytes = maxBytes;
        this.budget = maxBytes;
        this.framed = startsWithMagic(in, in.position());
        if (framed) {
            readHeader();
        }
    }

    private static boolean startsWithMagic(ByteBuffer buffer, int at) {
        if (buffer.limit() - at < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (buffer.get(at + i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private void readHeader() throws IOException {
        if (in.remaining() < HEADER_SIZE) {
            throw new IOException("Snappy stream ends inside its header");
        }
        in.position(in.position() + MAGIC.length);
        int version = in.getInt();
        in.getInt(); // minimum compatible version: every version so far reads the same way
        if (version < 1) {
            throw new IOException("Unsupported snappy framing version " + version);
        }
    }

    /** Decompresses the next block into {@code block}; returns false at the end of the stream. */
    private boolean nextBlock() throws IOException {
        while (true) {
            int compressedLength;
            if (!framed) {
                if (rawDone) {
                    return false;
                }
                rawDone = true;
                compressedLength = in.remaining();
            } else {
                if (!in.hasRemaining()) {
                    return false;
                }
                if (startsWithMagic(in, in.position())) {
                    readHeader();
                    continue;
                }
                if (in.remaining() < 4) {
                    throw new IOException("Snappy stream ends inside a chunk length");
                }
                compressedLength = in.getInt();
                if (compressedLength < 0 || compressedLength > in.remaining()) {
                    throw new IOException("Snappy chunk of " + compressedLength + " bytes runs past the end of the stream ("
                            + in.remaining() + " bytes left)");
                }
            }
            byte[] compressed;
            int offset;
            if (in.hasArray()) {
                compressed = in.array();
                offset = in.arrayOffset() + in.position();
            } else {
                compressed = new byte[compressedLength];
                in.duplicate().get(compressed);
                offset = 0;
            }
            in.position(in.position() + compressedLength);
            try {
                int length = Snappy.uncompressedLength(compressed, offset, compressedLength);
                if (length < 0 || length > budget) {
                    throw new DecompressedSizeExceededException(CompressionType.SNAPPY, maxBytes);
                }
                if (block.length < length) {
                    block = new byte[length];
                }
                blockLength = Snappy.uncompress(compressed, offset, compressedLength, block, 0);
                blockPosition = 0;
                budget -= blockLength;
            } catch (SnappyError e) {
                throw new IOException("Malformed snappy block: " + e.getMessage(), e);
            }
            if (blockLength > 0) {
                return true;
            }
        }
    }

    @Override
    public int read() throws IOException {
        int n = read(single, 0, 1);
        return n < 0 ? -1 : single[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (blockPosition == blockLength && !nextBlock()) {
            return -1;
        }
        int n = Math.min(length, blockLength - blockPosition);
        System.arraycopy(block, blockPosition, bytes, offset, n);
        blockPosition += n;
        return n;
    }

    @Override
    public int available() {
        return blockLength - blockPosition;
    }
}
