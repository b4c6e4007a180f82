package io.sluice.clients.consumer.assignor;

import io.sluice.clients.common.TopicPartition;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The partitions the leader gave one member, with optional assignor user data: the content of
 * Kafka's ConsumerProtocol assignment ({@link ConsumerProtocol} encodes it).
 */
public record Assignment(List<TopicPartition> partitions, ByteBuffer userData) {

    public Assignment {
        partitions = List.copyOf(partitions);
        userData = userData == null ? null : userData.asReadOnlyBuffer();
    }

    public Assignment(List<TopicPartition> partitions) {
        this(partitions, null);
    }
}
