package io.sluice.clients.producer;

import io.sluice.clients.common.TopicPartition;

/**
 * Where a record was written: topic, partition, offset (-1 when unknown: acks=0, or a duplicate the
 * broker acknowledged without an offset) and timestamp (the log append time when the topic uses
 * LogAppendTime, otherwise the record's create time). Immutable.
 */
public record RecordMetadata(String topic, int partition, long offset, long timestamp,
                             int serializedKeySize, int serializedValueSize) {

    public boolean hasOffset() {
        return offset >= 0;
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
