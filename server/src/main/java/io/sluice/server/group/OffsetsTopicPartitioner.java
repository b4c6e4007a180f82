package io.sluice.server.group;

/**
 * Maps a group id to its {@code __consumer_offsets} partition the way Apache Kafka does, so that a
 * group keeps the same partition (and so the same records) on Sluice and Kafka alike:
 * {@code abs(groupId.hashCode()) % partitionCount}, where {@code abs} is Kafka's variant that maps
 * {@link Integer#MIN_VALUE} to 0 (not {@code & 0x7fffffff}, which gives other partitions for
 * negative hashes).
 *
 * <p>Thread-safe: stateless.
 */
public final class OffsetsTopicPartitioner {

    private OffsetsTopicPartitioner() {
    }

    public static int partitionFor(String groupId, int partitionCount) {
        if (partitionCount <= 0) {
            throw new IllegalArgumentException("partitionCount must be positive: " + partitionCount);
        }
        return kafkaAbs(groupId.hashCode()) % partitionCount;
    }

    static int kafkaAbs(int n) {
        return n == Integer.MIN_VALUE ? 0 : Math.abs(n);
    }
}
