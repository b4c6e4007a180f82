package io.sluice.clients.producer;

import io.sluice.record.Header;
import java.util.Arrays;
import java.util.Objects;

/**
 * A record to send: topic, optional partition, optional timestamp (null: the time of {@code send}),
 * key and value (either may be null), and headers. Immutable (the headers array is copied).
 */
public final class ProducerRecord<K, V> {

    private static final Header[] NO_HEADERS = new Header[0];

    private final String topic;
    private final Integer partition;
    private final Long timestamp;
    private final K key;
    private final V value;
    private final Header[] headers;

    public ProducerRecord(String topic, Integer partition, Long timestamp, K key, V value, Iterable<Header> headers) {
        this.topic = Objects.requireNonNull(topic, "topic");
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException("Invalid partition: " + partition + ". Partition number should always be non-negative or null.");
        }
        if (timestamp != null && timestamp < 0) {
            throw new IllegalArgumentException("Invalid timestamp: " + timestamp + ". Timestamp should always be non-negative or null.");
        }
        this.partition = partition;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
        if (headers == null) {
            this.headers = NO_HEADERS;
        } else {
            java.util.List<Header> list = new java.util.ArrayList<>();
            headers.forEach(list::add);
            this.headers = list.isEmpty() ? NO_HEADERS : list.toArray(new Header[0]);
        }
    }

    public ProducerRecord(String topic, Integer partition, Long timestamp, K key, V value) {
        this(topic, partition, timestamp, key, value, null);
    }

    public ProducerRecord(String topic, Integer partition, K key, V value) {
        this(topic, partition, null, key, value, null);
    }

    public ProducerRecord(String topic, K key, V value) {
        this(topic, null, null, key, value, null);
    }

    public ProducerRecord(String topic, V value) {
        this(topic, null, null, null, value, null);
    }

    public String topic() {
        return topic;
    }

    /** The partition asked for, or null to let the partitioner choose. */
    public Integer partition() {
        return partition;
    }

    /** The timestamp asked for, or null for the time of {@code send}. */
    public Long timestamp() {
        return timestamp;
    }

    public K key() {
        return key;
    }

    public V value() {
        return value;
    }

    /** The headers (a copy). */
    public Header[] headers() {
        return headers.clone();
    }

    /** The headers without a copy, for the producer. */
    Header[] headersArray() {
        return headers;
    }

    @Override
    public String toString() {
        return "ProducerRecord(topic=" + topic + ", partition=" + partition + ", timestamp=" + timestamp + ", key=" + key
                + ", value=" + value + ", headers=" + Arrays.toString(headers) + ")";
    }
}
