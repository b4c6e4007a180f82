package io.sluice.clients.consumer;

import io.sluice.clients.common.ClientConfig;
import io.sluice.clients.common.SluiceException;
import io.sluice.clients.common.TimeoutException;
import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.consumer.internals.ConsumerCoordinator;
import io.sluice.clients.consumer.internals.ConsumerNetwork;
import io.sluice.clients.consumer.internals.Fetcher;
import io.sluice.clients.consumer.internals.SubscriptionState;
import io.sluice.clients.metadata.Metadata;
import io.sluice.clients.metadata.PartitionInfo;
import io.sluice.clients.network.NetworkClient;
import io.sluice.clients.network.NetworkClientOptions;
import io.sluice.clients.serialization.Deserializer;
import io.sluice.clients.serialization.SerdeLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A consumer with the Kafka consumer's API and configuration names, for Sluice and any Kafka broker.
 *
 * <pre>{@code
 * Properties props = new Properties();
 * props.setProperty("bootstrap.servers", "localhost:9092");
 * props.setProperty("group.id", "test");
 * props.setProperty("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
 * props.setProperty("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
 * try (SluiceConsumer<String, String> consumer = new SluiceConsumer<>(props)) {
 *     consumer.subscribe(List.of("foo", "bar"));
 *     while (running) {
 *         for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
 *             System.out.printf("offset = %d, key = %s, value = %s%n", r.offset(), r.key(), r.value());
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Group membership (subscribe) or manual assignment (assign), committed offsets in the group
 * coordinator (commitSync / commitAsync / enable.auto.commit), positions with seek and
 * auto.offset.reset, pause/resume, read_committed. The deserializer names of Kafka's
 * {@code org.apache.kafka.common.serialization} package map to ours.
 *
 * <h2>Threads</h2>
 * Like Kafka's consumer this is <b>not thread-safe</b>: one thread at a time calls it (another
 * thread's call throws {@link ConcurrentModificationException}), except {@link #wakeup()}, which
 * any thread may call to make the blocked or next blocking call throw {@link WakeupException}.
 * Rebalance listeners and commit callbacks run on the calling thread. Internally a network thread
 * does the I/O and a heartbeat thread keeps the group membership alive between polls.
 */
public class SluiceConsumer<K, V> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SluiceConsumer.class);
    private static final long NO_THREAD = -1L;
    private static final AtomicInteger CONSUMER_SEQUENCE = new AtomicInteger();

    private final ConsumerConfig config;
    private final String clientId;
    private final NetworkClient client;
    private final Metadata metadata;
    private final ConsumerNetwork network;
    private final SubscriptionState subscriptions;
    private final Fetcher<K, V> fetcher;
    private final ConsumerCoordinator coordinator;
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final AtomicLong owner = new AtomicLong(NO_THREAD);
    private final AtomicInteger ownerDepth = new AtomicInteger();
    private volatile boolean closed;

    public SluiceConsumer(Properties properties) {
        this(ClientConfig.of(properties), null, null);
    }

    public SluiceConsumer(Properties properties, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        this(ClientConfig.of(properties), keyDeserializer, valueDeserializer);
    }

    public SluiceConsumer(Map<String, Object> configs) {
        this(new ClientConfig(configs), null, null);
    }

    public SluiceConsumer(Map<String, Object> configs, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        this(new ClientConfig(configs), keyDeserializer, valueDeserializer);
    }

    private SluiceConsumer(ClientConfig clientConfig, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        this.config = ConsumerConfig.from(clientConfig);
        String id = clientConfig.getString(ClientConfig.CLIENT_ID, "");
        this.clientId = id.isEmpty() ? "consumer-" + (config.groupId() == null ? "" : config.groupId() + "-")
                + CONSUMER_SEQUENCE.incrementAndGet() : id;
        this.keyDeserializer = SerdeLoader.deserializer(clientConfig, ConsumerConfig.KEY_DESERIALIZER, true, keyDeserializer);
        this.valueDeserializer = SerdeLoader.deserializer(clientConfig, ConsumerConfig.VALUE_DESERIALIZER, false, valueDeserializer);
        this.client = new NetworkClient(NetworkClientOptions.from(clientConfig, clientId, 5));
        try {
            this.metadata = new Metadata(client, clientConfig, true);
            this.network = new ConsumerNetwork(client, metadata);
            this.subscriptions = new SubscriptionState(config.autoOffsetReset());
            this.fetcher = new Fetcher<>(network, subscriptions, config, this.keyDeserializer, this.valueDeserializer);
            this.coordinator = config.groupId() == null ? null
                    : new ConsumerCoordinator(network, config, subscriptions, fetcher, clientId);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        log.debug("Consumer {} created for group {}", clientId, config.groupId());
    }

    // ----------------------------------------------------------------------------- subscription

    public void subscribe(Collection<String> topics) {
        subscribe(topics, ConsumerRebalanceListener.noop());
    }

    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
        acquire();
        try {
            requireGroup("subscribe");
            if (topics.isEmpty()) {
                unsubscribeInternal();
                return;
            }
            for (String t : topics) {
                if (t == null || t.isBlank()) {
                    throw new IllegalArgumentException("Topic collection to subscribe to cannot contain null or empty topic");
                }
            }
            subscriptions.subscribe(topics, listener);
            metadata.setAllTopics(false);
            metadata.setTopics(topics);
        } finally {
            release();
        }
    }

    public void subscribe(Pattern pattern) {
        subscribe(pattern, ConsumerRebalanceListener.noop());
    }

    public void subscribe(Pattern pattern, ConsumerRebalanceListener listener) {
        acquire();
        try {
            requireGroup("subscribe");
            subscriptions.subscribe(pattern, listener);
            metadata.setAllTopics(true);
            metadata.requestUpdate();
        } finally {
            release();
        }
    }

    public void unsubscribe() {
        acquire();
        try {
            unsubscribeInternal();
        } finally {
            release();
        }
    }

    private void unsubscribeInternal() {
        if (coordinator != null && subscriptions.hasAutoAssignment()) {
            coordinator.leave(deadline(config.defaultApiTimeoutMs()), "the consumer unsubscribed from all topics");
        }
        fetcher.clearBuffered(subscriptions.assignedPartitions());
        subscriptions.unsubscribe();
        metadata.setAllTopics(false);
    }

    public void assign(Collection<TopicPartition> partitions) {
        acquire();
        try {
            if (partitions.isEmpty()) {
                unsubscribeInternal();
                return;
            }
            if (coordinator != null && config.enableAutoCommit() && subscriptions.mode() == SubscriptionState.Mode.USER_ASSIGNED) {
                coordinator.commitAsync(subscriptions.allConsumed(), null);
            }
            Set<TopicPartition> removed = new HashSet<>(subscriptions.assignedPartitions());
            removed.removeAll(partitions);
            fetcher.clearBuffered(removed);
            subscriptions.assignFromUser(partitions);
            metadata.addTopics(partitions.stream().map(TopicPartition::topic).distinct().toList());
        } finally {
            release();
        }
    }

    public Set<TopicPartition> assignment() {
        acquire();
        try {
            return subscriptions.assignedPartitions();
        } finally {
            release();
        }
    }

    public Set<String> subscription() {
        acquire();
        try {
            return subscriptions.hasAutoAssignment() ? Set.copyOf(subscriptions.subscribedTopics()) : Set.of();
        } finally {
            release();
        }
    }

    // ------------------------------------------------------------------------------------- poll

    /**
     * Returns the next records (at most max.poll.records), waiting up to {@code timeout} for some.
     * Joins or rejoins the group as needed, auto-commits when due, and finds starting positions
     * (committed offset, else auto.offset.reset). Before returning records it already sends the
     * next fetch requests, so they arrive while the application processes these.
     */
    public ConsumerRecords<K, V> poll(Duration timeout) {
        acquire();
        try {
            if (subscriptions.mode() == SubscriptionState.Mode.NONE) {
                throw new IllegalStateException("Consumer is not subscribed to any topics or assigned any partitions");
            }
            network.maybeTriggerWakeup();
            long deadline = deadline(timeout.toMillis());
            while (true) {
                long seen = network.activity();
                if (coordinator != null) {
                    coordinator.poll();
                }
                updateFetchPositions();
                Map<TopicPartition, List<ConsumerRecord<K, V>>> records = fetcher.collect(config.maxPollRecords());
                fetcher.sendFetches();
                if (!records.isEmpty()) {
                    return new ConsumerRecords<>(records);
                }
                long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
                if (leftMs <= 0) {
                    return ConsumerRecords.empty();
                }
                network.await(seen, Math.min(leftMs, 100));
            }
        } finally {
            release();
        }
    }

    private void updateFetchPositions() {
        if (subscriptions.hasAllPositions()) {
            return;
        }
        if (coordinator != null) {
            coordinator.refreshCommittedOffsets();
        } else {
            for (TopicPartition tp : subscriptions.initializingPartitions()) {
                subscriptions.requestReset(tp, subscriptions.defaultReset());
            }
        }
        Set<TopicPartition> noPolicy = new HashSet<>();
        subscriptions.partitionsNeedingReset().forEach((tp, s) -> {
            if (s == OffsetResetStrategy.NONE) {
                noPolicy.add(tp);
            }
        });
        if (!noPolicy.isEmpty()) {
            throw new NoOffsetForPartitionException(noPolicy);
        }
        fetcher.resetPositionsIfNeeded();
    }

    // ---------------------------------------------------------------------------------- offsets

    public void commitSync() {
        commitSync(Duration.ofMillis(config.defaultApiTimeoutMs()));
    }

    public void commitSync(Duration timeout) {
        acquire();
        try {
            requireGroup("commit");
            coordinator.commitSync(subscriptions.allConsumed(), deadline(timeout.toMillis()));
        } finally {
            release();
        }
    }

    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        commitSync(offsets, Duration.ofMillis(config.defaultApiTimeoutMs()));
    }

    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
        acquire();
        try {
            requireGroup("commit");
            coordinator.commitSync(offsets, deadline(timeout.toMillis()));
        } finally {
            release();
        }
    }

    public void commitAsync() {
        commitAsync(null);
    }

    public void commitAsync(OffsetCommitCallback callback) {
        acquire();
        try {
            requireGroup("commit");
            coordinator.commitAsync(subscriptions.allConsumed(), callback);
        } finally {
            release();
        }
    }

    public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        acquire();
        try {
            requireGroup("commit");
            coordinator.commitAsync(offsets, callback);
        } finally {
            release();
        }
    }

    public void seek(TopicPartition partition, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("seek offset must not be a negative number");
        }
        acquire();
        try {
            subscriptions.seek(partition, offset, java.util.Optional.empty());
            fetcher.clearBuffered(List.of(partition));
        } finally {
            release();
        }
    }

    public void seek(TopicPartition partition, OffsetAndMetadata offsetAndMetadata) {
        acquire();
        try {
            subscriptions.seek(partition, offsetAndMetadata.offset(), offsetAndMetadata.leaderEpoch());
            fetcher.clearBuffered(List.of(partition));
        } finally {
            release();
        }
    }

    public void seekToBeginning(Collection<TopicPartition> partitions) {
        seekTo(partitions, OffsetResetStrategy.EARLIEST);
    }

    public void seekToEnd(Collection<TopicPartition> partitions) {
        seekTo(partitions, OffsetResetStrategy.LATEST);
    }

    /** Lazily: the position is looked up on the next poll or position() call. Empty = all assigned. */
    private void seekTo(Collection<TopicPartition> partitions, OffsetResetStrategy strategy) {
        acquire();
        try {
            Collection<TopicPartition> targets = partitions.isEmpty() ? subscriptions.assignedPartitions() : partitions;
            for (TopicPartition tp : targets) {
                subscriptions.requestReset(tp, strategy);
            }
            fetcher.clearBuffered(targets);
        } finally {
            release();
        }
    }

    public long position(TopicPartition partition) {
        return position(partition, Duration.ofMillis(config.defaultApiTimeoutMs()));
    }

    /** The offset of the next record to be returned, looking it up first if needed. */
    public long position(TopicPartition partition, Duration timeout) {
        acquire();
        try {
            if (!subscriptions.isAssigned(partition)) {
                throw new IllegalStateException("You can only check the position for partitions assigned to this consumer.");
            }
            long deadline = deadline(timeout.toMillis());
            while (true) {
                long seen = network.activity();
                updateFetchPositions();
                Long position = subscriptions.position(partition);
                if (position != null) {
                    return position;
                }
                long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
                if (leftMs <= 0) {
                    throw new TimeoutException("Timeout of " + timeout.toMillis() + "ms expired before the position for partition "
                            + partition + " could be determined");
                }
                network.await(seen, Math.min(leftMs, 100));
            }
        } finally {
            release();
        }
    }

    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
        return committed(partitions, Duration.ofMillis(config.defaultApiTimeoutMs()));
    }

    /** The last committed offsets; a partition without a commit maps to null, as in Kafka. */
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions, Duration timeout) {
        acquire();
        try {
            requireGroup("committed");
            Map<TopicPartition, OffsetAndMetadata> found = coordinator.fetchCommitted(partitions, deadline(timeout.toMillis()));
            Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
            for (TopicPartition tp : partitions) {
                out.put(tp, found.get(tp));
            }
            return out;
        } finally {
            release();
        }
    }

    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch) {
        return offsetsForTimes(timestampsToSearch, Duration.ofMillis(config.defaultApiTimeoutMs()));
    }

    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch, Duration timeout) {
        acquire();
        try {
            timestampsToSearch.forEach((tp, ts) -> {
                if (ts < 0) {
                    throw new IllegalArgumentException("The target time for partition " + tp + " is " + ts
                            + ". The target time cannot be negative.");
                }
            });
            Map<TopicPartition, Fetcher.ListedOffset> listed = fetcher.listOffsetsBlocking(timestampsToSearch, deadline(timeout.toMillis()));
            return Fetcher.toOffsetAndTimestamp(listed, timestampsToSearch.keySet());
        } finally {
            release();
        }
    }

    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
        return beginningOffsets(partitions, Duration.ofMillis(config.defaultApiTimeoutMs()));
    }

    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions, Duration timeout) {
        return listAt(partitions, OffsetResetStrategy.EARLIEST.listOffsetsTimestamp(), timeout);
    }

    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        return endOffsets(partitions, Duration.ofMillis(config.defaultApiTimeoutMs()));
    }

    /** The end offsets: the high watermark, or the last stable offset with read_committed. */
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions, Duration timeout) {
        return listAt(partitions, OffsetResetStrategy.LATEST.listOffsetsTimestamp(), timeout);
    }

    private Map<TopicPartition, Long> listAt(Collection<TopicPartition> partitions, long timestamp, Duration timeout) {
        acquire();
        try {
            Map<TopicPartition, Long> query = new LinkedHashMap<>();
            partitions.forEach(tp -> query.put(tp, timestamp));
            Map<TopicPartition, Long> out = new HashMap<>();
            fetcher.listOffsetsBlocking(query, deadline(timeout.toMillis())).forEach((tp, l) -> out.put(tp, l.offset()));
            return out;
        } finally {
            release();
        }
    }

    // ------------------------------------------------------------------------------- metadata

    public List<PartitionInfo> partitionsFor(String topic) {
        return partitionsFor(topic, Duration.ofMillis(config.defaultApiTimeoutMs()));
    }

    public List<PartitionInfo> partitionsFor(String topic, Duration timeout) {
        acquire();
        try {
            return metadata.awaitPartitions(topic, timeout.toMillis());
        } finally {
            release();
        }
    }

    // -------------------------------------------------------------------------- flow control

    public void pause(Collection<TopicPartition> partitions) {
        acquire();
        try {
            partitions.forEach(subscriptions::pause);
        } finally {
            release();
        }
    }

    public void resume(Collection<TopicPartition> partitions) {
        acquire();
        try {
            partitions.forEach(subscriptions::resume);
        } finally {
            release();
        }
    }

    public Set<TopicPartition> paused() {
        acquire();
        try {
            return Set.copyOf(subscriptions.pausedPartitions());
        } finally {
            release();
        }
    }

    /** Makes the current or next blocking call on the consumer's thread throw {@link WakeupException}. Thread-safe. */
    public void wakeup() {
        network.wakeup();
    }

    // ---------------------------------------------------------------------------------- close

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /**
     * Commits (with auto-commit), revokes the partitions through the listener, leaves the group
     * (dynamic members), and closes the connections, waiting at most {@code timeout} for the group
     * requests.
     */
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        acquire();
        try {
            closed = true;
            RuntimeException first = null;
            network.clearWakeup();
            if (coordinator != null) {
                try {
                    coordinator.leave(deadline(timeout.toMillis()), "the consumer is being closed");
                } catch (WakeupException e) {
                    // Closing anyway.
                } catch (RuntimeException e) {
                    first = e;
                }
                coordinator.close();
            }
            client.close();
            keyDeserializer.close();
            valueDeserializer.close();
            log.debug("Consumer {} closed", clientId);
            if (first != null) {
                throw new SluiceException("Failed to close the consumer cleanly", first);
            }
        } finally {
            release();
        }
    }

    // ------------------------------------------------------------------------------- internals

    private void requireGroup(String what) {
        if (coordinator == null) {
            throw new SluiceException("To use the group management or offset commit APIs (" + what
                    + "), you must provide a valid group.id in the consumer configuration.");
        }
    }

    private static long deadline(long timeoutMs) {
        long now = System.nanoTime();
        long capped = Math.min(timeoutMs, Long.MAX_VALUE / 2_000_000L);
        return now + capped * 1_000_000L;
    }

    private void acquire() {
        long me = Thread.currentThread().getId();
        if (owner.get() != me && !owner.compareAndSet(NO_THREAD, me)) {
            throw new ConcurrentModificationException("SluiceConsumer is not safe for multi-threaded access");
        }
        ownerDepth.incrementAndGet();
        if (closed) {
            release();
            throw new IllegalStateException("This consumer has already been closed.");
        }
    }

    private void release() {
        if (ownerDepth.decrementAndGet() == 0) {
            owner.set(NO_THREAD);
        }
    }
}
