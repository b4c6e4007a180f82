package io.sluice.clients.common;

import java.util.Objects;

/** A topic name and a partition index. Immutable; usable as a map key. */
public record TopicPartition(String topic, int partition) {

    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
