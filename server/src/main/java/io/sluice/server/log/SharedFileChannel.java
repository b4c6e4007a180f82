package io.sluice.server.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A segment's open {@link FileChannel} with a reference count. The segment holds one reference
 * while the channel is "open" in the {@link OpenSegmentLimiter}'s sense; every append, scan and
 * every {@link SegmentSlice} handed to the network layer holds another. Eviction drops the segment's
 * reference; the descriptor is closed when the last holder lets go, so a slice being sent is never
 * cut short by eviction.
 */
final class SharedFileChannel {

    private final FileChannel channel;
    private final AtomicInteger references = new AtomicInteger(1);

    SharedFileChannel(FileChannel channel) {
        this.channel = channel;
    }

    FileChannel channel() {
        return channel;
    }

    /** Takes a reference; false if the channel is already closed (the caller opens a fresh one). */
    boolean retain() {
        while (true) {
            int current = references.get();
            if (current <= 0) {
                return false;
            }
            if (references.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (references.decrementAndGet() == 0) {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing a descriptor only fails if the kernel reports a deferred write error, which
                // the next fsync of the file reports again; nothing to do with it here.
            }
        }
    }
}
