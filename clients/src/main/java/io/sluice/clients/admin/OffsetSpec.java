package io.sluice.clients.admin;

/**
 * Which offset {@link SluiceAdmin#listOffsets} asks a partition leader for: the log start, the log
 * end, or the first offset whose timestamp is at or after a time. The wire values are ListOffsets'
 * special timestamps (-2 earliest, -1 latest).
 */
public sealed interface OffsetSpec {

    long timestamp();

    record Earliest() implements OffsetSpec {
        @Override
        public long timestamp() {
            return -2L;
        }
    }

    record Latest() implements OffsetSpec {
        @Override
        public long timestamp() {
            return -1L;
        }
    }

    record ForTimestamp(long timestamp) implements OffsetSpec {
    }

    static OffsetSpec earliest() {
        return new Earliest();
    }

    static OffsetSpec latest() {
        return new Latest();
    }

    static OffsetSpec forTimestamp(long timestampMs) {
        return new ForTimestamp(timestampMs);
    }
}
