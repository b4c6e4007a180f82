package io.sluice.clients.consumer;

import io.sluice.clients.common.TopicPartition;

import java.util.Map;

/** The position is outside the log (deleted or never written) and auto.offset.reset=none. */
public class OffsetOutOfRangeException extends InvalidOffsetException {

    private final Map<TopicPartition, Long> offsets;

    public OffsetOutOfRangeException(Map<TopicPartition, Long> offsets) {
        super("Fetch position out of range with no reset policy: " + offsets, offsets.keySet());
        this.offsets = Map.copyOf(offsets);
    }

    public Map<TopicPartition, Long> offsetOutOfRangePartitions() {
        return offsets;
    }
}
