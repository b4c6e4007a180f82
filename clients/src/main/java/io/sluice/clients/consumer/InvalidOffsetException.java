package io.sluice.clients.consumer;

import io.sluice.clients.common.SluiceException;
import io.sluice.clients.common.TopicPartition;

import java.util.Set;

/** A partition has no valid position and auto.offset.reset cannot give it one. */
public class InvalidOffsetException extends SluiceException {

    private final Set<TopicPartition> partitions;

    public InvalidOffsetException(String message, Set<TopicPartition> partitions) {
        super(message);
        this.partitions = Set.copyOf(partitions);
    }

    public Set<TopicPartition> partitions() {
        return partitions;
    }
}
