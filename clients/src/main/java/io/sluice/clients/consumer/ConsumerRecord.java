package io.sluice.clients.consumer;

import io.sluice.record.Header;
import io.sluice.record.TimestampType;

import java.util.List;
import java.util.Optional;

/**
 * One record returned by {@link SluiceConsumer#poll}: where it is (topic, partition, offset), its
 * timestamp and the type of that timestamp (set by the producer or by the broker on append), the
 * deserialized key and value, its headers, the sizes of the serialized key and value (-1 for null),
 * and the leader epoch of the batch it came in (empty when the broker sent none). Immutable.
 */
public record ConsumerRecord<K, V>(String topic, int partition, long offset, long timestamp, TimestampType timestampType,
                                   int serializedKeySize, int serializedValueSize, K key, V value, List<Header> headers,
                                   Optional<Integer> leaderEpoch) {

    public ConsumerRecord {
        headers = List.copyOf(headers);
    }

    /** A record without headers or sizes, for tests and tools. */
    public ConsumerRecord(String topic, int partition, long offset, K key, V value) {
        this(topic, partition, offset, -1L, TimestampType.CREATE_TIME, -1, -1, key, value, List.of(), Optional.empty());
    }

    /** The last header with this key, or null. */
    public Header lastHeader(String key) {
        for (int i = headers.size() - 1; i >= 0; i--) {
            if (headers.get(i).key().equals(key)) {
                return headers.get(i);
            }
        }
        return null;
    }
}
