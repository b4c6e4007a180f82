package io.sluice.server.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A range of a segment file holding whole record batches: what a fetch returns. The network layer
 * sends it with {@link #transferTo} ({@code sendfile}, zero copy) or wraps {@link #channel()},
 * {@link #position()} and {@link #length()} in a Netty {@code DefaultFileRegion}.
 *
 * <p>The slice holds a reference on the segment's file descriptor so that the open-file bound
 * cannot close it mid-send; {@link #close()} it once sent. An empty slice holds nothing.
 */
public final class SegmentSlice implements AutoCloseable {

    private static final SegmentSlice EMPTY = new SegmentSlice(null, 0, 0);

    private final SharedFileChannel file;
    private final long position;
    private final int length;
    private boolean closed;

    SegmentSlice(SharedFileChannel file, long position, int length) {
        this.file = file;
        this.position = position;
        this.length = length;
    }

    public static SegmentSlice empty() {
        return EMPTY;
    }

    /** The open channel; valid until {@link #close()}. Null for an empty slice. */
    public FileChannel channel() {
        return file == null ? null : file.channel();
    }

    public long position() {
        return position;
    }

    public int length() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    /**
     * Sends bytes {@code [offset, length)} of the slice to {@code target}; returns the bytes written,
     * which may be fewer than asked (a non-blocking socket), so callers loop.
     */
    public long transferTo(WritableByteChannel target, long offset) throws IOException {
        if (file == null || offset >= length) {
            return 0;
        }
        return file.channel().transferTo(position + offset, length - offset, target);
    }

    /**
     * The slice as the network layer takes it: it sends the bytes with sendfile and calls
     * {@link #close()} through {@link io.sluice.record.FileSlice#release()} once they are written.
     */
    public io.sluice.record.FileSlice forSending() {
        return file == null ? new io.sluice.record.FileSlice(null, 0, 0)
                : new io.sluice.record.FileSlice(file.channel(), position, length, this::close);
    }

    /** Copies the slice into a new heap buffer: for tests and tools, not for the fetch path. */
    public ByteBuffer readAll() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        if (file != null) {
            while (buffer.hasRemaining()) {
                int n = file.channel().read(buffer, position + buffer.position());
                if (n < 0) {
                    throw new IOException("Segment file ended inside a slice at " + (position + buffer.position()));
                }
            }
        }
        return buffer.flip();
    }

    /** Same as {@link #close()}: gives back the reference on the file; idempotent. */
    public void release() {
        close();
    }

    @Override
    public synchronized void close() {
        if (!closed && file != null) {
            closed = true;
            file.release();
        }
    }

    @Override
    public String toString() {
        return "SegmentSlice(position=" + position + ", length=" + length + ")";
    }
}
