package io.sluice.record;

import java.nio.channels.FileChannel;

/**
 * A region of a segment file that holds whole record batches (possibly ending in a partial one),
 * handed from the log to the network layer, which sends it with {@code transferTo} (sendfile) so the
 * record bytes never enter the JVM heap.
 *
 * <p>The channel stays owned by the log; a reader must not close it. A slice may hold a reference on
 * the file ({@code onRelease}), which whoever ends up with the slice gives back exactly once through
 * {@link #release()}: the network layer does so when the response has been written or dropped.
 */
public record FileSlice(FileChannel channel, long position, int length, Runnable onRelease) {

    public FileSlice {
        if (position < 0 || length < 0) {
            throw new IllegalArgumentException("Bad file slice: position " + position + ", length " + length);
        }
    }

    /** A slice that holds no reference. */
    public FileSlice(FileChannel channel, long position, int length) {
        this(channel, position, length, null);
    }

    public static FileSlice empty(FileChannel channel) {
        return new FileSlice(channel, 0, 0);
    }

    /** Gives back the reference this slice holds on its file, if any. Must be idempotent in {@code onRelease}. */
    public void release() {
        if (onRelease != null) {
            onRelease.run();
        }
    }
}
