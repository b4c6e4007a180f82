package io.sluice.server.log;

/**
 * A topic name and a partition number; its string form is the partition directory name.
 *
 * <p>Any name and number can be represented, because requests carry whatever a client sends (a fuzzer
 * sends partition -1): whether the partition exists is for the metadata to say, and a lookup of one
 * that does not answers UNKNOWN_TOPIC_OR_PARTITION. Logs are only ever created for partitions the
 * metadata has, and directory names are checked where they are parsed.
 */
public record TopicPartition(String topic, int partition) {

    public TopicPartition {
        if (topic == null) {
            throw new IllegalArgumentException("Topic name must not be null");
        }
    }

    /** True when this could name a real partition: a non-empty topic and a partition number >= 0. */
    public boolean isValid() {
        return !topic.isEmpty() && partition >= 0;
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
