package io.sluice.server.log;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.RemovalCause;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds how many segments hold open resources (a file descriptor and up to two index mappings)
 * at once, over all partitions of a broker. Five thousand partitions would otherwise pin 5,000
 * descriptors and 10,000 mappings for their active segments alone, plus more for every segment a
 * consumer has read. The least recently used segment beyond {@code log.max.open.segment.files} gives
 * its resources back; its next use opens them again, which costs an open(2) and an mmap(2).
 *
 * <p>Thread-safe. A segment calls {@link #touch} after it opened something, so anything open is
 * either in the cache or about to be evicted from it.
 */
public final class OpenSegmentLimiter {

    private static final Logger log = LoggerFactory.getLogger(OpenSegmentLimiter.class);

    private final Cache<LogSegment, Boolean> openSegments;
    private final int maxOpenSegments;

    public OpenSegmentLimiter(int maxOpenSegments) {
        if (maxOpenSegments < 1) {
            throw new IllegalArgumentException("log.max.open.segment.files must be >= 1, got " + maxOpenSegments);
        }
        this.maxOpenSegments = maxOpenSegments;
        this.openSegments = CacheBuilder.newBuilder()
                .maximumSize(maxOpenSegments)
                // One segment of the cache: Guava enforces the size per segment, and we want one global LRU bound.
                .concurrencyLevel(1)
                .<LogSegment, Boolean>removalListener(notification -> {
                    if (notification.getCause() == RemovalCause.SIZE) {
                        closeQuietly(notification.getKey());
                    }
                })
                .build();
    }

    /** A limiter so large it never evicts: for a single log opened outside a LogManager. */
    public static OpenSegmentLimiter unbounded() {
        return new OpenSegmentLimiter(Integer.MAX_VALUE);
    }

    public int maxOpenSegments() {
        return maxOpenSegments;
    }

    void touch(LogSegment segment) {
        if (openSegments.getIfPresent(segment) == null) {
            openSegments.put(segment, Boolean.TRUE);
        }
    }

    /** The segment closed itself or was deleted: forget it without closing it again. */
    void forget(LogSegment segment) {
        openSegments.invalidate(segment);
    }

    public long openSegmentCount() {
        openSegments.cleanUp();
        return openSegments.size();
    }

    private static void closeQuietly(LogSegment segment) {
        try {
            segment.releaseOpenResources();
        } catch (IOException | RuntimeException e) {
            log.warn("Could not release the open files of segment {}", segment, e);
        }
    }
}
