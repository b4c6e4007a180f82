package io.sluice.record.codec;

import java.io.IOException;
import java.io.OutputStream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Writes one LZ4 frame the way Kafka's producer does for magic-2 batches: FLG 0x60, BD 0x40
 * (64 KiB independent blocks, no block or content checksum, no content size), a correct header
 * checksum, blocks compressed with the fast compressor, a block stored raw when compression does
 * not make it smaller, then the end mark. See {@link Lz4Frame} for the layout.
 *
 * <p>Not thread-safe. {@link #close()} finishes the frame and closes the underlying stream.
 */
public final class Lz4FrameOutputStream extends OutputStream {

    private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();
    private static final XXHash32 XXHASH = XXHashFactory.fastestInstance().hash32();

    private final OutputStream out;
    private final byte[] block;
    private final byte[] compressed;
    private int blockLength;
    private boolean finished;

    public Lz4FrameOutputStream(OutputStream out) throws IOException {
        this.out = out;
        int maxBlockSize = Lz4Frame.blockMaximumSize(Lz4Frame.BLOCK_SIZE_ID_64KB);
        this.block = new byte[maxBlockSize];
        this.compressed = new byte[4 + COMPRESSOR.maxCompressedLength(maxBlockSize)];
        writeHeader();
    }

    private void writeHeader() throws IOException {
        byte[] header = new byte[7];
        Lz4Frame.writeIntLE(header, 0, Lz4Frame.MAGIC);
        header[4] = (byte) ((Lz4Frame.VERSION << Lz4Frame.FLG_VERSION_SHIFT) | Lz4Frame.FLG_BLOCK_INDEPENDENCE);
        header[5] = (byte) (Lz4Frame.BLOCK_SIZE_ID_64KB << Lz4Frame.BD_BLOCK_SIZE_SHIFT);
        header[6] = (byte) (XXHASH.hash(header, 4, 2, 0) >> 8);
        out.write(header);
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (blockLength == block.length) {
            writeBlock();
        }
        block[blockLength++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ensureOpen();
        while (length > 0) {
            if (blockLength == block.length) {
                writeBlock();
            }
            int n = Math.min(length, block.length - blockLength);
            System.arraycopy(bytes, offset, block, blockLength, n);
            blockLength += n;
            offset += n;
            length -= n;
        }
    }

    private void writeBlock() throws IOException {
        if (blockLength == 0) {
            return;
        }
        int size = COMPRESSOR.compress(block, 0, blockLength, compressed, 4);
        if (size >= blockLength) {
            // Incompressible: the spec lets us store the block as is, flagged by the size's high bit.
            byte[] sizeBytes = new byte[4];
            Lz4Frame.writeIntLE(sizeBytes, 0, blockLength | Lz4Frame.UNCOMPRESSED_BLOCK_FLAG);
            out.write(sizeBytes);
            out.write(block, 0, blockLength);
        } else {
            Lz4Frame.writeIntLE(compressed, 0, size);
            out.write(compressed, 0, 4 + size);
        }
        blockLength = 0;
    }

    private void ensureOpen() throws IOException {
        if (finished) {
            throw new IOException("LZ4 frame already finished");
        }
    }

    /** Writes out the current block (a frame may hold blocks shorter than the maximum). */
    @Override
    public void flush() throws IOException {
        if (!finished) {
            writeBlock();
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (finished) {
            return;
        }
        try {
            writeBlock();
            byte[] endMark = new byte[4];
            out.write(endMark);
        } finally {
            finished = true;
            out.close();
        }
    }
}
