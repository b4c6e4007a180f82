package io.sluice.server.log;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The segments of one log by base offset. A {@link ConcurrentSkipListMap} so that readers find the
 * floor segment of an offset without the log's lock while the writer adds and removes segments.
 */
public final class LogSegments {

    private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();

    public void add(LogSegment segment) {
        segments.put(segment.baseOffset(), segment);
    }

    public void remove(long baseOffset) {
        segments.remove(baseOffset);
    }

    public boolean contains(LogSegment segment) {
        return segments.get(segment.baseOffset()) == segment;
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    public int numberOfSegments() {
        return segments.size();
    }

    /** The segment that holds {@code offset} if any: the one with the largest base offset at most it. */
    public LogSegment floorSegment(long offset) {
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(offset);
        return entry == null ? null : entry.getValue();
    }

    public LogSegment higherSegment(long baseOffset) {
        Map.Entry<Long, LogSegment> entry = segments.higherEntry(baseOffset);
        return entry == null ? null : entry.getValue();
    }

    public LogSegment firstSegment() {
        Map.Entry<Long, LogSegment> entry = segments.firstEntry();
        return entry == null ? null : entry.getValue();
    }

    public LogSegment activeSegment() {
        Map.Entry<Long, LogSegment> entry = segments.lastEntry();
        return entry == null ? null : entry.getValue();
    }

    /** A snapshot in base-offset order. */
    public List<LogSegment> values() {
        return new ArrayList<>(segments.values());
    }

    /** Segments with base offset in [from, to), in order. */
    public Collection<LogSegment> values(long from, long to) {
        return segments.subMap(from, true, to, false).values();
    }

    public long sizeInBytes() {
        long total = 0;
        for (LogSegment segment : segments.values()) {
            total += segment.size();
        }
        return total;
    }

    public void clear() {
        segments.clear();
    }
}
