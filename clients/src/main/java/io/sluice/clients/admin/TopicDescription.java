package io.sluice.clients.admin;

import java.util.List;
import java.util.UUID;

/** A topic as {@link SluiceAdmin#describeTopics} returns it; partitions sorted by index. */
public record TopicDescription(String name, UUID topicId, boolean internal, List<TopicPartitionInfo> partitions) {

    public TopicDescription {
        partitions = List.copyOf(partitions);
    }
}
