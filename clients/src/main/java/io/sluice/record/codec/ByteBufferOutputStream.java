package io.sluice.record.codec;

import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * An output stream into a heap {@link ByteBuffer} that doubles its capacity when it runs out, so a
 * batch can be written without knowing its final size. Unlike {@link java.io.ByteArrayOutputStream}
 * it hands out the buffer itself (no copy) and allows writes at absolute positions, which is how a
 * batch header is filled in after the records behind it are written.
 *
 * <p>Not thread-safe.
 */
public final class ByteBufferOutputStream extends OutputStream {

    private ByteBuffer buffer;

    public ByteBufferOutputStream(int initialCapacity) {
        this.buffer = ByteBuffer.allocate(Math.max(initialCapacity, 16));
    }

    /** The buffer written so far: position is the number of bytes written. It may be replaced by a later write. */
    public ByteBuffer buffer() {
        return buffer;
    }

    public int position() {
        return buffer.position();
    }

    public void position(int position) {
        ensureCapacity(position);
        buffer.position(position);
    }

    /** Makes room for {@code bytes} more bytes after the current position. */
    public void ensureRemaining(int bytes) {
        ensureCapacity(buffer.position() + bytes);
    }

    private void ensureCapacity(int required) {
        if (required < 0) {
            throw new IllegalArgumentException("Buffer would exceed 2 GiB");
        }
        if (required <= buffer.capacity()) {
            return;
        }
        int capacity = buffer.capacity();
        while (capacity < required) {
            capacity = capacity > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE - 8 : capacity * 2;
            if (capacity == Integer.MAX_VALUE - 8 && capacity < required) {
                throw new IllegalArgumentException("Buffer would exceed 2 GiB");
            }
        }
        ByteBuffer grown = ByteBuffer.allocate(capacity);
        buffer.flip();
        grown.put(buffer);
        buffer = grown;
    }

    @Override
    public void write(int b) {
        ensureRemaining(1);
        buffer.put((byte) b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        ensureRemaining(length);
        buffer.put(bytes, offset, length);
    }

    /** Writes the remaining bytes of {@code source} without moving its position. */
    public void write(ByteBuffer source) {
        ensureRemaining(source.remaining());
        buffer.put(source.duplicate());
    }
}
