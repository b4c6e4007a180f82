package io.sluice.clients.producer;

import io.sluice.clients.common.ClientConfig;
import io.sluice.clients.common.ConfigException;
import io.sluice.record.CompressionType;
import java.util.Locale;

/**
 * The producer's settings, under Kafka's names and with Kafka 3.9's defaults. Parsed once at
 * construction; invalid combinations throw {@link ConfigException} as Kafka does.
 *
 * <table>
 *   <caption>Keys read</caption>
 *   <tr><td>acks</td><td>"all" (-1), "1", "0"; default all</td></tr>
 *   <tr><td>enable.idempotence</td><td>default true; silently off when not set explicitly and acks,
 *       retries or max.in.flight.requests.per.connection conflict (as Kafka)</td></tr>
 *   <tr><td>batch.size / linger.ms / buffer.memory / max.block.ms</td><td>16384 / 0 / 32 MiB / 60000</td></tr>
 *   <tr><td>compression.type</td><td>none, gzip, snappy, lz4, zstd</td></tr>
 *   <tr><td>max.request.size</td><td>1048576</td></tr>
 *   <tr><td>retries / retry.backoff.ms / retry.backoff.max.ms</td><td>Integer.MAX_VALUE / 100 / 1000</td></tr>
 *   <tr><td>delivery.timeout.ms / request.timeout.ms</td><td>120000 / 30000 (delivery &gt;= linger + request)</td></tr>
 *   <tr><td>max.in.flight.requests.per.connection</td><td>5 (at most 5 with idempotence)</td></tr>
 *   <tr><td>partitioner.class, partitioner.ignore.keys</td><td>unset (built-in: murmur2 for keys, sticky for null keys) / false</td></tr>
 *   <tr><td>key.serializer / value.serializer</td><td>required unless given to the constructor</td></tr>
 * </table>
 * Plus the network and metadata keys of {@link ClientConfig}.
 */
public final class ProducerConfig {

    public static final String ACKS = "acks";
    public static final String ENABLE_IDEMPOTENCE = "enable.idempotence";
    public static final String BATCH_SIZE = "batch.size";
    public static final String LINGER_MS = "linger.ms";
    public static final String BUFFER_MEMORY = "buffer.memory";
    public static final String MAX_BLOCK_MS = "max.block.ms";
    public static final String COMPRESSION_TYPE = "compression.type";
    public static final String MAX_REQUEST_SIZE = "max.request.size";
    public static final String RETRIES = "retries";
    public static final String DELIVERY_TIMEOUT_MS = "delivery.timeout.ms";
    public static final String PARTITIONER_CLASS = "partitioner.class";
    public static final String PARTITIONER_IGNORE_KEYS = "partitioner.ignore.keys";
    public static final String KEY_SERIALIZER = "key.serializer";
    public static final String VALUE_SERIALIZER = "value.serializer";
    public static final String TRANSACTIONAL_ID = "transactional.id";

    private final ClientConfig config;
    private final String clientId;
    private final short acks;
    private final boolean idempotent;
    private final int batchSize;
    private final long lingerMs;
    private final long bufferMemory;
    private final long maxBlockMs;
    private final CompressionType compression;
    private final int maxRequestSize;
    private final int retries;
    private final long retryBackoffMs;
    private final long retryBackoffMaxMs;
    private final long deliveryTimeoutMs;
    private final int requestTimeoutMs;
    private final int maxInFlight;
    private final boolean ignoreKeys;

    public ProducerConfig(ClientConfig config) {
        this.config = config;
        this.clientId = config.clientId("producer");
        this.acks = parseAcks(config.getString(ACKS, "all"));
        this.batchSize = config.getInt(BATCH_SIZE, 16_384);
        this.lingerMs = config.getNonNegativeLong(LINGER_MS, 0);
        this.bufferMemory = config.getLong(BUFFER_MEMORY, 32L * 1024 * 1024);
        this.maxBlockMs = config.getNonNegativeLong(MAX_BLOCK_MS, 60_000);
        this.compression = parseCompression(config.getString(COMPRESSION_TYPE, "none"));
        this.maxRequestSize = config.getInt(MAX_REQUEST_SIZE, 1_048_576);
        this.retries = config.getInt(RETRIES, Integer.MAX_VALUE);
        this.retryBackoffMs = config.getNonNegativeLong(ClientConfig.RETRY_BACKOFF_MS, ClientConfig.DEFAULT_RETRY_BACKOFF_MS);
        this.retryBackoffMaxMs = Math.max(retryBackoffMs,
                config.getNonNegativeLong(ClientConfig.RETRY_BACKOFF_MAX_MS, ClientConfig.DEFAULT_RETRY_BACKOFF_MAX_MS));
        this.requestTimeoutMs = config.getInt(ClientConfig.REQUEST_TIMEOUT_MS, ClientConfig.DEFAULT_REQUEST_TIMEOUT_MS);
        this.deliveryTimeoutMs = config.getNonNegativeLong(DELIVERY_TIMEOUT_MS, 120_000);
        this.maxInFlight = config.getInt(ClientConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        this.ignoreKeys = config.getBoolean(PARTITIONER_IGNORE_KEYS, false);
        if (batchSize < 0 || bufferMemory <= 0 || maxRequestSize <= 0 || retries < 0 || maxInFlight < 1 || requestTimeoutMs < 0) {
            throw new ConfigException("batch.size, buffer.memory, max.request.size, retries, max.in.flight.requests.per.connection "
                    + "and request.timeout.ms must be positive");
        }
        if (deliveryTimeoutMs < lingerMs + requestTimeoutMs) {
            throw new ConfigException(DELIVERY_TIMEOUT_MS, deliveryTimeoutMs, "should be equal to or larger than linger.ms + request.timeout.ms");
        }
        if (config.contains(TRANSACTIONAL_ID)) {
            throw new ConfigException(TRANSACTIONAL_ID, config.get(TRANSACTIONAL_ID), "transactions are not supported by this producer");
        }
        boolean conflicts = acks != -1 || retries == 0 || maxInFlight > 5;
        if (config.contains(ENABLE_IDEMPOTENCE)) {
            this.idempotent = config.getBoolean(ENABLE_IDEMPOTENCE, true);
            if (idempotent && conflicts) {
                throw new ConfigException("enable.idempotence=true needs acks=all, retries > 0 and "
                        + "max.in.flight.requests.per.connection <= 5 (got acks=" + acks + ", retries=" + retries
                        + ", max.in.flight=" + maxInFlight + ")");
            }
        } else {
            this.idempotent = !conflicts;
        }
    }

    private static short parseAcks(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "all", "-1" -> -1;
            case "1" -> 1;
            case "0" -> 0;
            default -> throw new ConfigException(ACKS, value, "expected all, -1, 0 or 1");
        };
    }

    private static CompressionType parseCompression(String value) {
        try {
            return CompressionType.forName(value.trim().toLowerCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new ConfigException(COMPRESSION_TYPE, value, "expected none, gzip, snappy, lz4 or zstd");
        }
    }

    public ClientConfig clientConfig() {
        return config;
    }

    public String clientId() {
        return clientId;
    }

    /** -1 for all, 0 or 1. */
    public short acks() {
        return acks;
    }

    public boolean idempotent() {
        return idempotent;
    }

    public int batchSize() {
        return batchSize;
    }

    public long lingerMs() {
        return lingerMs;
    }

    public long bufferMemory() {
        return bufferMemory;
    }

    public long maxBlockMs() {
        return maxBlockMs;
    }

    public CompressionType compression() {
        return compression;
    }

    public int maxRequestSize() {
        return maxRequestSize;
    }

    public int retries() {
        return retries;
    }

    public long retryBackoffMs() {
        return retryBackoffMs;
    }

    public long retryBackoffMaxMs() {
        return retryBackoffMaxMs;
    }

    public long deliveryTimeoutMs() {
        return deliveryTimeoutMs;
    }

    public int requestTimeoutMs() {
        return requestTimeoutMs;
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    public boolean ignoreKeys() {
        return ignoreKeys;
    }
}
