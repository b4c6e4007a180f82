package io.sluice.clients.producer;

import io.sluice.clients.common.ApiException;
import io.sluice.clients.common.ClientConfig;
import io.sluice.clients.common.ConfigException;
import io.sluice.clients.common.InterruptException;
import io.sluice.clients.common.RecordTooLargeException;
import io.sluice.clients.common.SluiceException;
import io.sluice.clients.common.TimeoutException;
import io.sluice.clients.metadata.Cluster;
import io.sluice.clients.metadata.Metadata;
import io.sluice.clients.metadata.PartitionInfo;
import io.sluice.clients.network.NetworkClient;
import io.sluice.clients.network.NetworkClientOptions;
import io.sluice.clients.producer.internals.BufferPool;
import io.sluice.clients.producer.internals.BuiltInPartitioner;
import io.sluice.clients.producer.internals.ProducerBatch;
import io.sluice.clients.producer.internals.RecordAccumulator;
import io.sluice.clients.producer.internals.Sender;
import io.sluice.clients.serialization.SerdeLoader;
import io.sluice.clients.serialization.Serializer;
import io.sluice.record.Header;
import io.sluice.record.RecordBatch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our producer: Kafka's producer API and configuration, on our network layer.
 *
 * <pre>{@code
 * Properties props = new Properties();
 * props.put("bootstrap.servers", "localhost:9092");
 * props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");   // mapped to ours
 * props.put("value.serializer", StringSerializer.class.getName());
 * try (SluiceProducer<String, String> producer = new SluiceProducer<>(props)) {
 *     producer.send(new ProducerRecord<>("orders", "key", "value"), (metadata, e) -> ...);
 *     RecordMetadata written = producer.send(new ProducerRecord<>("orders", "v")).get();
 * }
 * }</pre>
 *
 * <h2>How a record travels</h2>
 * {@code send} serializes key and value, waits (up to {@code max.block.ms}) for the topic's metadata,
 * picks the partition (the record's own; else {@code partitioner.class}; else murmur2 of the key
 * exactly as Kafka; else the sticky partition), and appends the record to that partition's open
 * batch in the {@link RecordAccumulator} (blocking up to {@code max.block.ms} when
 * {@code buffer.memory} is used up). The {@link Sender} thread sends batches per leader as Produce
 * requests and completes their futures and callbacks. See {@link ProducerConfig} for every setting.
 *
 * <h2>Errors</h2>
 * {@code send} throws for programming errors and fatal states ({@link IllegalStateException} after
 * close, {@link io.sluice.clients.common.SerializationException}, {@link InterruptException}). Delivery
 * problems, including a metadata or memory wait over {@code max.block.ms} ({@link TimeoutException}) and
 * {@link RecordTooLargeException}, come back through the future and the callback.
 *
 * <h2>Threads</h2>
 * Thread-safe; one instance is meant to be shared. Two threads of its own: the sender, which also
 * runs the callbacks, and the network I/O thread.
 */
public final class SluiceProducer<K, V> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SluiceProducer.class);
    private static final Map<String, Class<?>> KAFKA_PARTITIONERS = Map.of(
            "org.apache.kafka.clients.producer.RoundRobinPartitioner", RoundRobinPartitioner.class);
    private static final String KAFKA_DEFAULT_PARTITIONER = "org.apache.kafka.clients.producer.internals.DefaultPartitioner";

    private final ProducerConfig config;
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final Partitioner partitioner;
    private final BuiltInPartitioner builtIn;
    private final NetworkClient client;
    private final Metadata metadata;
    private final BufferPool pool;
    private final RecordAccumulator accumulator;
    private final Sender sender;
    private final AtomicBoolean closed = new AtomicBoolean();

    public SluiceProducer(Properties properties) {
        this(ClientConfig.of(properties), null, null);
    }

    public SluiceProducer(Properties properties, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this(ClientConfig.of(properties), keySerializer, valueSerializer);
    }

    public SluiceProducer(Map<String, ?> configs) {
        this(new ClientConfig(configs), null, null);
    }

    public SluiceProducer(Map<String, ?> configs, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this(new ClientConfig(configs), keySerializer, valueSerializer);
    }

    private SluiceProducer(ClientConfig clientConfig, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this.config = new ProducerConfig(clientConfig);
        this.keySerializer = SerdeLoader.serializer(clientConfig, ProducerConfig.KEY_SERIALIZER, true, keySerializer);
        this.valueSerializer = SerdeLoader.serializer(clientConfig, ProducerConfig.VALUE_SERIALIZER, false, valueSerializer);
        this.partitioner = loadPartitioner(clientConfig);
        this.builtIn = new BuiltInPartitioner(config.batchSize());
        List<java.net.InetSocketAddress> bootstrap = clientConfig.bootstrapServers();
        this.client = new NetworkClient(NetworkClientOptions.from(clientConfig, config.clientId(), config.maxInFlight()));
        this.metadata = new Metadata(client, bootstrap,
                clientConfig.getNonNegativeLong(ClientConfig.METADATA_MAX_AGE_MS, ClientConfig.DEFAULT_METADATA_MAX_AGE_MS),
                config.retryBackoffMs(), clientConfig.getBoolean(ClientConfig.ALLOW_AUTO_CREATE_TOPICS, true));
        this.pool = new BufferPool(config.bufferMemory());
        Sender[] senderRef = new Sender[1];
        this.accumulator = new RecordAccumulator(config.batchSize(), config.compression(), config.lingerMs(),
                config.deliveryTimeoutMs(), config.retryBackoffMs(), config.retryBackoffMaxMs(),
                !config.idempotent() && config.maxInFlight() == 1, pool, () -> senderRef[0].wakeup());
        this.sender = new Sender(config, client, metadata, accumulator);
        senderRef[0] = sender;
        metadata.addListener(cluster -> sender.wakeup());
        sender.start("sluice-producer-" + config.clientId());
        log.debug("Producer {} started (acks={}, idempotent={})", config.clientId(), config.acks(), config.idempotent());
    }

    private static Partitioner loadPartitioner(ClientConfig config) {
        Object value = config.get(ProducerConfig.PARTITIONER_CLASS);
        if (value == null || value.toString().isBlank() || KAFKA_DEFAULT_PARTITIONER.equals(value.toString().trim())) {
            return null;
        }
        Class<?> type = value instanceof Class<?> c ? c : KAFKA_PARTITIONERS.get(value.toString().trim());
        if (type == null) {
            type = config.getClass(ProducerConfig.PARTITIONER_CLASS);
        } else if (KAFKA_PARTITIONERS.containsKey(type.getName())) {
            type = KAFKA_PARTITIONERS.get(type.getName());
        }
        if (!Partitioner.class.isAssignableFrom(type)) {
            throw new ConfigException(ProducerConfig.PARTITIONER_CLASS, type.getName(), "is not a " + Partitioner.class.getName());
        }
        try {
            Partitioner partitioner = (Partitioner) type.getDeclaredConstructor().newInstance();
            partitioner.configure(config.originals());
            return partitioner;
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(ProducerConfig.PARTITIONER_CLASS, type.getName(), "cannot be instantiated: " + e);
        }
    }

    /** {@link #send(ProducerRecord, Callback)} without a callback. */
    public Future<RecordMetadata> send(ProducerRecord<K, V> record) {
        return send(record, null);
    }

    /**
     * Queues {@code record} for sending and returns at once (unless metadata or memory must be waited
     * for, up to {@code max.block.ms}). The future and the callback complete when the broker answered
     * ({@code acks} 1 or all), when the request was written ({@code acks=0}, offset -1), or when the
     * record failed.
     */
    public Future<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
        if (closed.get()) {
            throw new IllegalStateException("Cannot perform operation after producer has been closed");
        }
        RuntimeException fatal = sender.fatalError();
        if (fatal != null) {
            throw new SluiceException("The producer is in a fatal state: " + fatal.getMessage(), fatal);
        }
        String topic = record.topic();
        Integer requested = record.partition();
        try {
            long startNanos = System.nanoTime();
            Cluster cluster = awaitPartition(topic, requested, config.maxBlockMs());
            byte[] key = keySerializer.serialize(topic, record.key());
            byte[] value = valueSerializer.serialize(topic, record.value());
            Header[] headers = record.headersArray();
            int partition;
            boolean sticky = false;
            if (requested != null) {
                partition = requested;
            } else if (partitioner != null) {
                partition = partitioner.partition(topic, record.key(), key, record.value(), value, cluster);
            } else if (key != null && !config.ignoreKeys()) {
                partition = BuiltInPartitioner.partitionForKey(key, cluster.partitionCount(topic));
            } else {
                partition = builtIn.stickyPartition(topic, cluster);
                sticky = true;
            }
            int size = RecordAccumulator.recordSizeUpperBound(key, value, headers) + RecordBatch.HEADER_SIZE;
            if (size > config.maxRequestSize()) {
                throw new RecordTooLargeException("The message is " + size + " bytes when serialized which is larger than "
                        + config.maxRequestSize() + ", which is the value of the max.request.size configuration.");
            }
            if (size > config.bufferMemory()) {
                throw new RecordTooLargeException("The message is " + size + " bytes when serialized which is larger than the total "
                        + "memory buffer you have configured with the buffer.memory configuration.");
            }
            long timestamp = record.timestamp() != null ? record.timestamp() : System.currentTimeMillis();
            long remainingMs = config.maxBlockMs() - (System.nanoTime() - startNanos) / 1_000_000L;
            Future<RecordMetadata> future = accumulator.append(topic, partition, timestamp, key, value,
                    headers, callback, Math.max(0, remainingMs));
            if (sticky) {
                builtIn.onAppend(topic, partition, size, cluster);
            }
            return future;
        } catch (ApiException | TimeoutException e) {
            if (callback != null) {
                callback.onCompletion(new RecordMetadata(topic, requested == null ? -1 : requested, -1, -1, -1, -1), e);
            }
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Waits for metadata that has {@code topic} and, if given, {@code partition}. */
    private Cluster awaitPartition(String topic, Integer partition, long maxBlockMs) {
        Cluster cluster = metadata.cluster();
        int count = cluster.partitionCount(topic);
        if (count > 0 && (partition == null || partition < count)) {
            return cluster;
        }
        long deadline = System.nanoTime() + maxBlockMs * 1_000_000L;
        metadata.awaitPartitions(topic, maxBlockMs);
        while (true) {
            cluster = metadata.cluster();
            count = cluster.partitionCount(topic);
            if (count > 0 && (partition == null || partition < count)) {
                return cluster;
            }
            long remainingMs = (deadline - System.nanoTime()) / 1_000_000L;
            if (remainingMs <= 0) {
                throw new TimeoutException("Partition " + partition + " of topic " + topic + " with partition count " + count
                        + " is not present in metadata after " + maxBlockMs + " ms.");
            }
            try {
                metadata.awaitUpdate(remainingMs);
            } catch (TimeoutException e) {
                // loop: the deadline check throws the right message
            }
        }
    }

    /**
     * Sends everything queued now and blocks until all records sent before this call are done
     * (successfully or not).
     */
    public void flush() {
        if (sender.thread() == Thread.currentThread()) {
            throw new IllegalStateException("flush() called from a producer callback would wait for itself");
        }
        accumulator.beginFlush();
        sender.wakeup();
        try {
            for (ProducerBatch batch : accumulator.incompleteBatches()) {
                batch.awaitDone();
            }
        } catch (InterruptedException e) {
            throw new InterruptException("Flush interrupted", e);
        } finally {
            accumulator.endFlush();
        }
    }

    /** The partitions of {@code topic}, waiting up to {@code max.block.ms} for its metadata. */
    public List<PartitionInfo> partitionsFor(String topic) {
        if (closed.get()) {
            throw new IllegalStateException("Cannot perform operation after producer has been closed");
        }
        return metadata.awaitPartitions(topic, config.maxBlockMs());
    }

    /** Closes after sending everything queued, waiting as long as that takes. */
    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    /**
     * Stops accepting records and sends what is queued, waiting up to {@code timeout}; records still
     * not done then fail ("closed forcefully"). {@code Duration.ZERO} fails them at once. Called from a
     * callback, it does not wait (it cannot: callbacks run on the sender thread).
     */
    public void close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long timeoutMs = timeout.toMillis();
        boolean fromCallback = sender.thread() == Thread.currentThread();
        if (timeoutMs <= 0 || fromCallback) {
            sender.forceClose();
        } else {
            sender.initiateClose();
        }
        if (!fromCallback) {
            try {
                sender.thread().join(timeoutMs <= 0 ? 0 : Math.min(timeoutMs, Long.MAX_VALUE / 2));
                if (sender.thread().isAlive()) {
                    log.info("Producer {} could not send everything within {} ms; closing forcefully", config.clientId(), timeoutMs);
                    sender.forceClose();
                    sender.thread().join();
                }
            } catch (InterruptedException e) {
                sender.forceClose();
                Thread.currentThread().interrupt();
            }
            client.close();
        } else {
            // The sender thread is ours: it ends after this callback returns; close the network after it.
            Thread closer = new Thread(() -> {
                try {
                    sender.thread().join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                client.close();
            }, "sluice-producer-close-" + config.clientId());
            closer.setDaemon(true);
            closer.start();
        }
        pool.close();
        keySerializer.close();
        valueSerializer.close();
        if (partitioner != null) {
            partitioner.close();
        }
    }
}
