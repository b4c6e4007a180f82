package io.sluice.record.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.StreamingXXHash32;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Reads one LZ4 frame (see {@link Lz4Frame}) from a ByteBuffer, block by block. Accepts what Kafka
 * and librdkafka write: independent blocks of any maximum size, with or without block checksums,
 * content size and content checksum; all checksums present are verified. Dependent blocks and
 * dictionaries are refused, as Kafka refuses them. Memory use is bounded by one block (at most
 * 4 MiB), whatever the frame claims.
 *
 * <p>Not thread-safe. Errors are {@link IOException}s.
 */
public final class Lz4FrameInputStream extends InputStream {

    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();
    private static final XXHashFactory XXHASH_FACTORY = XXHashFactory.fastestInstance();
    private static final XXHash32 XXHASH = XXHASH_FACTORY.hash32();

    private final ByteBuffer in;
    private final boolean blockChecksum;
    private final boolean contentChecksum;
    private final StreamingXXHash32 contentHash;
    private final int maxBlockSize;
    private final byte[] decompressed;
    private final byte[] single = new byte[1];
    private ByteBuffer current;
    private boolean finished;

    public Lz4FrameInputStream(ByteBuffer source) throws IOException {
        this.in = source.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < 7) {
            throw new IOException("LZ4 frame shorter than its header");
        }
        int magic = in.getInt();
        if (magic != Lz4Frame.MAGIC) {
            throw new IOException(String.format("Not an LZ4 frame: magic 0x%08X", magic));
        }
        int descriptorStart = in.position();
        int flg = in.get() & 0xff;
        int bd = in.get() & 0xff;
        int version = flg >>> Lz4Frame.FLG_VERSION_SHIFT;
        if (version != Lz4Frame.VERSION) {
            throw new IOException("Unsupported LZ4 frame version " + version);
        }
        if ((flg & Lz4Frame.FLG_RESERVED) != 0 || (bd & Lz4Frame.BD_RESERVED_MASK) != 0) {
            throw new IOException("LZ4 frame descriptor has reserved bits set");
        }
        if ((flg & Lz4Frame.FLG_BLOCK_INDEPENDENCE) == 0) {
            throw new IOException("LZ4 frames with dependent blocks are not supported");
        }
        if ((flg & Lz4Frame.FLG_DICT_ID) != 0) {
            throw new IOException("LZ4 frames with a dictionary are not supported");
        }
        int blockSizeId = (bd >>> Lz4Frame.BD_BLOCK_SIZE_SHIFT) & Lz4Frame.BD_BLOCK_SIZE_MASK;
        if (blockSizeId < 4) {
            throw new IOException("Invalid LZ4 block maximum size id " + blockSizeId);
        }
        if ((flg & Lz4Frame.FLG_CONTENT_SIZE) != 0) {
            if (in.remaining() < 8 + 1) {
                throw new IOException("LZ4 frame ends inside its descriptor");
            }
            in.position(in.position() + 8);
        }
        int descriptorLength = in.position() - descriptorStart;
        int expected = (XXHASH.hash(in, descriptorStart, descriptorLength, 0) >> 8) & 0xff;
        int stored = in.get() & 0xff;
        if (stored != expected) {
            throw new IOException("LZ4 frame descriptor checksum mismatch");
        }
        this.blockChecksum = (flg & Lz4Frame.FLG_BLOCK_CHECKSUM) != 0;
        this.contentChecksum = (flg & Lz4Frame.FLG_CONTENT_CHECKSUM) != 0;
        this.contentHash = contentChecksum ? XXHASH_FACTORY.newStreamingHash32(0) : null;
        this.maxBlockSize = Lz4Frame.blockMaximumSize(blockSizeId);
        this.decompressed = new byte[maxBlockSize];
    }

    /** Makes {@code current} non-empty, or sets {@code finished}. */
    private void nextBlock() throws IOException {
        while (!finished && (current == null || !current.hasRemaining())) {
            if (in.remaining() < 4) {
                throw new IOException("LZ4 frame ends before its end mark");
            }
            int sizeField = in.getInt();
            if (sizeField == 0) {
                finishFrame();
                return;
            }
            boolean stored = (sizeField & Lz4Frame.UNCOMPRESSED_BLOCK_FLAG) != 0;
            int size = sizeField & ~Lz4Frame.UNCOMPRESSED_BLOCK_FLAG;
            if (size > maxBlockSize) {
                throw new IOException("LZ4 block of " + size + " bytes exceeds the frame's maximum of " + maxBlockSize);
            }
            if (in.remaining() < size + (blockChecksum ? 4 : 0)) {
                throw new IOException("LZ4 frame ends inside a block");
            }
            int dataStart = in.position();
            if (blockChecksum) {
                int hash = XXHASH.hash(in, dataStart, size, 0);
                if (hash != in.getInt(dataStart + size)) {
                    throw new IOException("LZ4 block checksum mismatch");
                }
            }
            if (stored) {
                current = in.slice(dataStart, size);
            } else {
                try {
                    int length = DECOMPRESSOR.decompress(in, dataStart, size, ByteBuffer.wrap(decompressed), 0, maxBlockSize);
                    current = ByteBuffer.wrap(decompressed, 0, length);
                } catch (LZ4Exception e) {
                    throw new IOException("Malformed LZ4 block", e);
                }
            }
            in.position(dataStart + size + (blockChecksum ? 4 : 0));
            if (contentHash != null) {
                updateContentHash(current);
            }
        }
    }

    private void updateContentHash(ByteBuffer block) {
        if (block.hasArray()) {
            contentHash.update(block.array(), block.arrayOffset() + block.position(), block.remaining());
        } else {
            byte[] copy = new byte[block.remaining()];
            block.duplicate().get(copy);
            contentHash.update(copy, 0, copy.length);
        }
    }

    private void finishFrame() throws IOException {
        finished = true;
        if (contentChecksum) {
            if (in.remaining() < 4) {
                throw new IOException("LZ4 frame ends before its content checksum");
            }
            if (in.getInt() != contentHash.getValue()) {
                throw new IOException("LZ4 content checksum mismatch");
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
        nextBlock();
        if (finished) {
            return -1;
        }
        int n = Math.min(length, current.remaining());
        current.get(bytes, offset, n);
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.remaining();
    }
}
