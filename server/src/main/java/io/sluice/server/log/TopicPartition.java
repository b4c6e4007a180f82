package io.sluice.server.log;

/** A topic name and a partition number; its string form is the partition directory name. */
public record TopicPartition(String topic, int partition) {

    public TopicPartition {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("Topic name must not be empty");
        }
        if (partition < 0) {
            throw new IllegalArgumentException("Partition must be >= 0, got " + partition);
        }
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
