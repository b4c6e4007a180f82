package io.sluice.common;

import io.sluice.record.FileSlice;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The bytes of one response frame as an ordered list of parts: heap or direct buffers written by the
 * serializer, and file slices of record data that the network layer sends with sendfile. The 4-byte
 * frame size prefix is not included; {@link #sizeInBytes()} is what goes into it.
 *
 * <p>Built by one thread, then handed over; not thread-safe while being built.
 */
public final class Send {

    private final List<Object> parts = new ArrayList<>(4);
    private long size;

    public Send add(ByteBuffer buffer) {
        if (buffer.hasRemaining()) {
            parts.add(buffer);
            size += buffer.remaining();
        }
        return this;
    }

    /** Adds a slice of a file; an empty one is released at once instead. */
    public Send add(FileSlice slice) {
        if (slice.length() > 0) {
            parts.add(slice);
            size += slice.length();
        } else {
            slice.release();
        }
        return this;
    }

    /** Releases every file slice: for a response that will not be written after all. */
    public void release() {
        for (Object part : parts) {
            if (part instanceof FileSlice slice) {
                slice.release();
            }
        }
    }

    /** Each part is either a {@link ByteBuffer} or a {@link FileSlice}, in sending order. */
    public List<Object> parts() {
        return Collections.unmodifiableList(parts);
    }

    public long sizeInBytes() {
        return size;
    }

    /** True when every part is in memory (no file slices), e.g. for tests and clients. */
    public boolean inMemory() {
        for (Object part : parts) {
            if (part instanceof FileSlice) {
                return false;
            }
        }
        return true;
    }

    /** Copies all in-memory parts and reads all file parts into one heap buffer. For tests and clients only. */
    public ByteBuffer toByteBuffer() throws java.io.IOException {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalStateException("Send of " + size + " bytes does not fit one buffer");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        for (Object part : parts) {
            if (part instanceof ByteBuffer buffer) {
                out.put(buffer.duplicate());
            } else {
                FileSlice slice = (FileSlice) part;
                ByteBuffer window = out.slice(out.position(), slice.length());
                long position = slice.position();
                while (window.hasRemaining()) {
                    int read = slice.channel().read(window, position);
                    if (read < 0) {
                        throw new java.io.EOFException("File slice ends early at " + position);
                    }
                    position += read;
                }
                out.position(out.position() + slice.length());
            }
        }
        return out.flip();
    }
}
