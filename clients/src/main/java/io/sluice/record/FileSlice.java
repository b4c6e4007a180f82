package io.sluice.record;

import java.nio.channels.FileChannel;

/**
 * A region of a segment file that holds whole record batches (possibly ending in a partial one),
 * handed from the log to the network layer, which sends it with {@code transferTo} (sendfile) so the
 * record bytes never enter the JVM heap.
 *
 * <p>The channel stays owned by the log; a reader must not close it.
 */
public record FileSlice(FileChannel channel, long position, int length) {

    public FileSlice {
        if (position < 0 || length < 0) {
            throw new IllegalArgumentException("Bad file slice: position " + position + ", length " + length);
        }
    }

    public static FileSlice empty(FileChannel channel) {
        return new FileSlice(channel, 0, 0);
    }
}
