package io.sluice.clients.consumer;

import io.sluice.clients.common.TopicPartition;

import java.util.Set;

/** No committed offset and auto.offset.reset=none: the application must seek. */
public class NoOffsetForPartitionException extends InvalidOffsetException {

    public NoOffsetForPartitionException(Set<TopicPartition> partitions) {
        super("Undefined offset with no reset policy for partitions: " + partitions, partitions);
    }
}
