package io.sluice.server.config;

import io.sluice.record.CompressionType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The broker's configuration, read once from {@code server.properties} with Apache Kafka's key names and
 * defaults, validated at construction: a bad value fails start-up with a {@link ConfigException} naming the
 * key. Immutable and thread-safe.
 *
 * <p>Only the keys the broker core needs are typed here. Subsystems with their own key families (the log
 * reads {@code log.*}) take {@link #originals()} and parse those themselves, so this class does not have to
 * know every key. Unknown keys are kept, not rejected.
 *
 * <p>Deviations from Kafka, on purpose:
 * <ul>
 *   <li>{@code broker.id} is required: automatic id generation is not implemented.</li>
 *   <li>{@code log.dir} defaults to {@code /tmp/sluice-logs}, so a Kafka broker on the same machine
 *       (used for side-by-side tests) never shares a directory with us.</li>
 *   <li>Advertised end points may have port 0: it stands for the port the listener of the same name was
 *       actually bound to, which the socket server fills in after start.</li>
 *   <li>{@code connections.max.idle.ms = -1} disables idle closing.</li>
 * </ul>
 */
public final class BrokerConfig {

    public static final String BROKER_ID = "broker.id";
    public static final String BROKER_RACK = "broker.rack";
    public static final String LISTENERS = "listeners";
    public static final String ADVERTISED_LISTENERS = "advertised.listeners";
    public static final String LISTENER_SECURITY_PROTOCOL_MAP = "listener.security.protocol.map";
    public static final String INTER_BROKER_LISTENER_NAME = "inter.broker.listener.name";
    public static final String SECURITY_INTER_BROKER_PROTOCOL = "security.inter.broker.protocol";
    public static final String NUM_NETWORK_THREADS = "num.network.threads";
    public static final String NUM_IO_THREADS = "num.io.threads";
    public static final String SOCKET_REQUEST_MAX_BYTES = "socket.request.max.bytes";
    public static final String SOCKET_SEND_BUFFER_BYTES = "socket.send.buffer.bytes";
    public static final String SOCKET_RECEIVE_BUFFER_BYTES = "socket.receive.buffer.bytes";
    public static final String SOCKET_LISTEN_BACKLOG_SIZE = "socket.listen.backlog.size";
    public static final String MAX_CONNECTIONS_PER_IP = "max.connections.per.ip";
    public static final String MAX_CONNECTIONS_PER_IP_OVERRIDES = "max.connections.per.ip.overrides";
    public static final String CONNECTIONS_MAX_IDLE_MS = "connections.max.idle.ms";
    public static final String QUEUED_MAX_REQUESTS = "queued.max.requests";
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    public static final String ZOOKEEPER_CONNECT = "zookeeper.connect";
    public static final String ZOOKEEPER_SESSION_TIMEOUT_MS = "zookeeper.session.timeout.ms";
    public static final String ZOOKEEPER_CONNECTION_TIMEOUT_MS = "zookeeper.connection.timeout.ms";
    public static final String LOG_DIRS = "log.dirs";
    public static final String LOG_DIR = "log.dir";
    public static final String MESSAGE_MAX_BYTES = "message.max.bytes";
    public static final String AUTO_CREATE_TOPICS_ENABLE = "auto.create.topics.enable";
    public static final String NUM_PARTITIONS = "num.partitions";
    public static final String DEFAULT_REPLICATION_FACTOR = "default.replication.factor";
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    public static final String DELETE_TOPIC_ENABLE = "delete.topic.enable";
    public static final String UNCLEAN_LEADER_ELECTION_ENABLE = "unclean.leader.election.enable";
    public static final String REPLICA_LAG_TIME_MAX_MS = "replica.lag.time.max.ms";
    public static final String NUM_REPLICA_FETCHERS = "num.replica.fetchers";
    public static final String CONTROLLED_SHUTDOWN_ENABLE = "controlled.shutdown.enable";
    public static final String OFFSETS_TOPIC_NUM_PARTITIONS = "offsets.topic.num.partitions";
    public static final String OFFSETS_TOPIC_REPLICATION_FACTOR = "offsets.topic.replication.factor";
    public static final String OFFSETS_TOPIC_SEGMENT_BYTES = "offsets.topic.segment.bytes";
    public static final String OFFSETS_TOPIC_COMPRESSION_CODEC = "offsets.topic.compression.codec";
    public static final String OFFSETS_RETENTION_MINUTES = "offsets.retention.minutes";
    public static final String GROUP_INITIAL_REBALANCE_DELAY_MS = "group.initial.rebalance.delay.ms";
    public static final String GROUP_MIN_SESSION_TIMEOUT_MS = "group.min.session.timeout.ms";
    public static final String GROUP_MAX_SESSION_TIMEOUT_MS = "group.max.session.timeout.ms";
    public static final String GROUP_MAX_SIZE = "group.max.size";

    public static final String DEFAULT_LISTENERS = "PLAINTEXT://:9092";
    public static final String DEFAULT_SECURITY_PROTOCOL_MAP =
            "PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL";
    public static final String DEFAULT_LOG_DIR = "/tmp/sluice-logs";

    private static final int MAX_INT = Integer.MAX_VALUE;
    private static final long MAX_LONG = Long.MAX_VALUE;

    private final Map<String, String> originals;

    private final int brokerId;
    private final Optional<String> brokerRack;
    private final Map<String, SecurityProtocol> listenerSecurityProtocolMap;
    private final List<EndPoint> listeners;
    private final List<EndPoint> advertisedListeners;
    private final String interBrokerListenerName;
    private final int numNetworkThreads;
    private final int numIoThreads;
    private final int socketRequestMaxBytes;
    private final int socketSendBufferBytes;
    private final int socketReceiveBufferBytes;
    private final int socketListenBacklogSize;
    private final int maxConnectionsPerIp;
    private final Map<InetAddress, Integer> maxConnectionsPerIpOverrides;
    private final long connectionsMaxIdleMs;
    private final int queuedMaxRequests;
    private final int requestTimeoutMs;
    private final String zookeeperConnect;
    private final int zookeeperSessionTimeoutMs;
    private final int zookeeperConnectionTimeoutMs;
    private final List<String> logDirs;
    private final int messageMaxBytes;
    private final boolean autoCreateTopicsEnable;
    private final int numPartitions;
    private final short defaultReplicationFactor;
    private final int minInsyncReplicas;
    private final boolean deleteTopicEnable;
    private final boolean uncleanLeaderElectionEnable;
    private final long replicaLagTimeMaxMs;
    private final int numReplicaFetchers;
    private final boolean controlledShutdownEnable;
    private final int offsetsTopicNumPartitions;
    private final short offsetsTopicReplicationFactor;
    private final int offsetsTopicSegmentBytes;
    private final CompressionType offsetsTopicCompression;
    private final int offsetsRetentionMinutes;
    private final int groupInitialRebalanceDelayMs;
    private final int groupMinSessionTimeoutMs;
    private final int groupMaxSessionTimeoutMs;
    private final int groupMaxSize;

    /**
     * Reads and validates every typed key.
     *
     * @throws ConfigException naming the first key whose value is missing or invalid
     */
    public BrokerConfig(Properties properties) {
        this.originals = snapshot(properties);
        ConfigReader reader = new ConfigReader(properties);

        brokerId = reader.requiredInt(BROKER_ID, 0, MAX_INT);
        brokerRack = Optional.ofNullable(reader.raw(BROKER_RACK));

        listenerSecurityProtocolMap = Collections.unmodifiableMap(ListenerParser.parseProtocolMap(
                LISTENER_SECURITY_PROTOCOL_MAP,
                reader.list(LISTENER_SECURITY_PROTOCOL_MAP, DEFAULT_SECURITY_PROTOCOL_MAP)));
        listeners = ListenerParser.parseListeners(LISTENERS, reader.list(LISTENERS, DEFAULT_LISTENERS),
                listenerSecurityProtocolMap, LISTENER_SECURITY_PROTOCOL_MAP);
        checkDistinctPorts(listeners);
        advertisedListeners = advertised(reader, listeners, listenerSecurityProtocolMap);
        interBrokerListenerName = interBrokerListener(reader, advertisedListeners);

        numNetworkThreads = reader.intValue(NUM_NETWORK_THREADS, 3, 1, MAX_INT);
        numIoThreads = reader.intValue(NUM_IO_THREADS, 8, 1, MAX_INT);
        socketRequestMaxBytes = reader.intValue(SOCKET_REQUEST_MAX_BYTES, 100 * 1024 * 1024, 1, MAX_INT);
        socketSendBufferBytes = socketBufferSize(reader, SOCKET_SEND_BUFFER_BYTES);
        socketReceiveBufferBytes = socketBufferSize(reader, SOCKET_RECEIVE_BUFFER_BYTES);
        socketListenBacklogSize = reader.intValue(SOCKET_LISTEN_BACKLOG_SIZE, 50, 1, MAX_INT);
        maxConnectionsPerIp = reader.intValue(MAX_CONNECTIONS_PER_IP, MAX_INT, 0, MAX_INT);
        maxConnectionsPerIpOverrides = connectionOverrides(reader.list(MAX_CONNECTIONS_PER_IP_OVERRIDES, null));
        connectionsMaxIdleMs = reader.longValue(CONNECTIONS_MAX_IDLE_MS, 600_000L, -1, MAX_LONG);
        if (connectionsMaxIdleMs == 0) {
            throw new ConfigException(CONNECTIONS_MAX_IDLE_MS, "0", "must be positive, or -1 to never close idle "
                    + "connections");
        }
        queuedMaxRequests = reader.intValue(QUEUED_MAX_REQUESTS, 500, 1, MAX_INT);
        requestTimeoutMs = reader.intValue(REQUEST_TIMEOUT_MS, 30_000, 0, MAX_INT);

        zookeeperConnect = reader.requiredString(ZOOKEEPER_CONNECT);
        zookeeperSessionTimeoutMs = reader.intValue(ZOOKEEPER_SESSION_TIMEOUT_MS, 18_000, 1, MAX_INT);
        zookeeperConnectionTimeoutMs = reader.intValue(ZOOKEEPER_CONNECTION_TIMEOUT_MS, zookeeperSessionTimeoutMs,
                1, MAX_INT);

        List<String> dirs = reader.list(LOG_DIRS, null);
        logDirs = dirs.isEmpty() ? reader.list(LOG_DIR, DEFAULT_LOG_DIR) : dirs;
        if (new HashSet<>(logDirs).size() != logDirs.size()) {
            throw new ConfigException(reader.contains(LOG_DIRS) ? LOG_DIRS : LOG_DIR, String.join(",", logDirs),
                    "a directory is listed twice");
        }

        messageMaxBytes = reader.intValue(MESSAGE_MAX_BYTES, 1_048_588, 0, MAX_INT);
        autoCreateTopicsEnable = reader.booleanValue(AUTO_CREATE_TOPICS_ENABLE, true);
        numPartitions = reader.intValue(NUM_PARTITIONS, 1, 1, MAX_INT);
        defaultReplicationFactor = (short) reader.intValue(DEFAULT_REPLICATION_FACTOR, 1, 1, Short.MAX_VALUE);
        minInsyncReplicas = reader.intValue(MIN_INSYNC_REPLICAS, 1, 1, MAX_INT);
        deleteTopicEnable = reader.booleanValue(DELETE_TOPIC_ENABLE, true);
        uncleanLeaderElectionEnable = reader.booleanValue(UNCLEAN_LEADER_ELECTION_ENABLE, false);
        replicaLagTimeMaxMs = reader.longValue(REPLICA_LAG_TIME_MAX_MS, 30_000L, 1, MAX_LONG);
        numReplicaFetchers = reader.intValue(NUM_REPLICA_FETCHERS, 1, 1, MAX_INT);
        controlledShutdownEnable = reader.booleanValue(CONTROLLED_SHUTDOWN_ENABLE, true);
        offsetsTopicNumPartitions = reader.intValue(OFFSETS_TOPIC_NUM_PARTITIONS, 50, 1, MAX_INT);
        offsetsTopicReplicationFactor =
                (short) reader.intValue(OFFSETS_TOPIC_REPLICATION_FACTOR, 3, 1, Short.MAX_VALUE);
        // The log refuses segments smaller than 14 bytes (one batch header needs more).
        offsetsTopicSegmentBytes = reader.intValue(OFFSETS_TOPIC_SEGMENT_BYTES, 100 * 1024 * 1024, 14, MAX_INT);
        offsetsTopicCompression = offsetsTopicCompression(reader.string(OFFSETS_TOPIC_COMPRESSION_CODEC, "0"));
        offsetsRetentionMinutes = reader.intValue(OFFSETS_RETENTION_MINUTES, 7 * 24 * 60, 1, MAX_INT);
        groupInitialRebalanceDelayMs = reader.intValue(GROUP_INITIAL_REBALANCE_DELAY_MS, 3_000, 0, MAX_INT);
        groupMinSessionTimeoutMs = reader.intValue(GROUP_MIN_SESSION_TIMEOUT_MS, 6_000, 0, MAX_INT);
        groupMaxSessionTimeoutMs = reader.intValue(GROUP_MAX_SESSION_TIMEOUT_MS, 1_800_000, 0, MAX_INT);
        groupMaxSize = reader.intValue(GROUP_MAX_SIZE, Integer.MAX_VALUE, 1, MAX_INT);
        if (groupMaxSessionTimeoutMs < groupMinSessionTimeoutMs) {
            throw new ConfigException(GROUP_MAX_SESSION_TIMEOUT_MS, groupMaxSessionTimeoutMs,
                    "must not be below " + GROUP_MIN_SESSION_TIMEOUT_MS + " (" + groupMinSessionTimeoutMs + ")");
        }
    }

    /** Convenience for tests and tools: {@code BrokerConfig.of("broker.id", "0", "zookeeper.connect", ...)}. */
    public static BrokerConfig of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Expected key/value pairs, got " + keysAndValues.length + " strings");
        }
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new BrokerConfig(properties);
    }

    private static Map<String, String> snapshot(Properties properties) {
        Map<String, String> copy = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            copy.put(name, properties.getProperty(name));
        }
        properties.forEach((key, value) -> copy.putIfAbsent(String.valueOf(key), String.valueOf(value)));
        return Collections.unmodifiableMap(copy);
    }

    private static void checkDistinctPorts(List<EndPoint> endPoints) {
        Set<Integer> ports = new HashSet<>();
        for (EndPoint endPoint : endPoints) {
            if (endPoint.port() != 0 && !ports.add(endPoint.port())) {
                throw new ConfigException(LISTENERS, joined(endPoints),
                        "each listener must have a different port (" + endPoint.port() + " is used twice)");
            }
        }
    }

    private static List<EndPoint> advertised(ConfigReader reader, List<EndPoint> listeners,
            Map<String, SecurityProtocol> protocols) {
        List<EndPoint> declared = reader.contains(ADVERTISED_LISTENERS)
                ? ListenerParser.parseListeners(ADVERTISED_LISTENERS, reader.list(ADVERTISED_LISTENERS, null),
                        protocols, LISTENER_SECURITY_PROTOCOL_MAP)
                : listeners;
        Map<String, EndPoint> byName = new LinkedHashMap<>();
        listeners.forEach(endPoint -> byName.put(endPoint.listenerName(), endPoint));
        List<EndPoint> result = new ArrayList<>(declared.size());
        String localHost = null;
        for (EndPoint endPoint : declared) {
            if (!byName.containsKey(endPoint.listenerName())) {
                throw new ConfigException(ADVERTISED_LISTENERS, joined(declared), "listener name "
                        + endPoint.listenerName() + " is not defined in " + LISTENERS);
            }
            if (isWildcard(endPoint.host())) {
                throw new ConfigException(ADVERTISED_LISTENERS, joined(declared), "cannot advertise the wildcard "
                        + "address " + endPoint.host() + "; name a host clients can reach"
                        + (declared == listeners ? " (without " + ADVERTISED_LISTENERS + ", " + LISTENERS
                                + " are advertised)" : ""));
            }
            if (endPoint.host().isEmpty()) {
                if (localHost == null) {
                    localHost = canonicalLocalHostName();
                }
                endPoint = endPoint.withHost(localHost);
            }
            result.add(endPoint);
        }
        return List.copyOf(result);
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    private static String canonicalLocalHostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            throw new ConfigException(ADVERTISED_LISTENERS, null, "a listener has no host and the local host name "
                    + "cannot be resolved (" + e.getMessage() + "); set " + ADVERTISED_LISTENERS + " explicitly");
        }
    }

    private static String interBrokerListener(ConfigReader reader, List<EndPoint> advertised) {
        String explicitName = reader.raw(INTER_BROKER_LISTENER_NAME);
        String protocolName = reader.raw(SECURITY_INTER_BROKER_PROTOCOL);
        if (explicitName != null && protocolName != null) {
            throw new ConfigException(INTER_BROKER_LISTENER_NAME, explicitName, "set only one of "
                    + INTER_BROKER_LISTENER_NAME + " and " + SECURITY_INTER_BROKER_PROTOCOL);
        }
        String key;
        String name;
        if (explicitName != null) {
            key = INTER_BROKER_LISTENER_NAME;
            name = explicitName.toUpperCase(Locale.ROOT);
        } else {
            // Kafka's rule: without an explicit name, the listener named after the protocol is used.
            key = protocolName != null ? SECURITY_INTER_BROKER_PROTOCOL : INTER_BROKER_LISTENER_NAME;
            SecurityProtocol protocol = protocolName == null ? SecurityProtocol.PLAINTEXT
                    : SecurityProtocol.forName(protocolName);
            if (protocol == null || !protocol.isSupported()) {
                throw new ConfigException(SECURITY_INTER_BROKER_PROTOCOL, protocolName, "only PLAINTEXT is supported");
            }
            name = protocol.name();
        }
        for (EndPoint endPoint : advertised) {
            if (endPoint.listenerName().equals(name)) {
                return name;
            }
        }
        throw new ConfigException(key, name, "the inter-broker listener must be one of the advertised listeners "
                + joined(advertised) + "; set " + INTER_BROKER_LISTENER_NAME);
    }

    private static int socketBufferSize(ConfigReader reader, String key) {
        int value = reader.intValue(key, 102_400, -1, MAX_INT);
        if (value == 0) {
            throw new ConfigException(key, "0", "must be positive, or -1 for the operating system's default");
        }
        return value;
    }

    private static Map<InetAddress, Integer> connectionOverrides(List<String> entries) {
        Map<InetAddress, Integer> overrides = new LinkedHashMap<>();
        for (String entry : entries) {
            int colon = entry.lastIndexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new ConfigException(MAX_CONNECTIONS_PER_IP_OVERRIDES, entry, "expected host:count");
            }
            String host = entry.substring(0, colon).trim();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int count;
            try {
                count = Integer.parseInt(entry.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(MAX_CONNECTIONS_PER_IP_OVERRIDES, entry, "count is not a number");
            }
            if (count < 0) {
                throw new ConfigException(MAX_CONNECTIONS_PER_IP_OVERRIDES, entry, "count must be at least 0");
            }
            InetAddress address;
            try {
                address = InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new ConfigException(MAX_CONNECTIONS_PER_IP_OVERRIDES, entry, "unknown host " + host);
            }
            overrides.put(address, count);
        }
        return Collections.unmodifiableMap(overrides);
    }

    private static String joined(List<EndPoint> endPoints) {
        StringBuilder text = new StringBuilder();
        for (EndPoint endPoint : endPoints) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(endPoint.connectionString());
        }
        return text.toString();
    }

    /** Every key and value as given, including keys this class does not type (e.g. {@code log.*}). */
    public Map<String, String> originals() {
        return originals;
    }

    /** The given keys that start with {@code prefix}, e.g. {@code "log."}, with the prefix kept. */
    public Map<String, String> originalsWithPrefix(String prefix) {
        Map<String, String> matching = new TreeMap<>();
        originals.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                matching.put(key, value);
            }
        });
        return Collections.unmodifiableMap(matching);
    }

    public int brokerId() {
        return brokerId;
    }

    public Optional<String> brokerRack() {
        return brokerRack;
    }

    /** Where the broker binds, in configuration order. */
    public List<EndPoint> listeners() {
        return listeners;
    }

    /**
     * What the broker registers in ZooKeeper and returns in Metadata: an empty host is replaced by the
     * canonical local host name; port 0 is still 0 here (see the socket server for bound ports).
     */
    public List<EndPoint> advertisedListeners() {
        return advertisedListeners;
    }

    public Map<String, SecurityProtocol> listenerSecurityProtocolMap() {
        return listenerSecurityProtocolMap;
    }

    public String interBrokerListenerName() {
        return interBrokerListenerName;
    }

    public int numNetworkThreads() {
        return numNetworkThreads;
    }

    public int numIoThreads() {
        return numIoThreads;
    }

    public int socketRequestMaxBytes() {
        return socketRequestMaxBytes;
    }

    /** SO_SNDBUF for accepted connections, or -1 to keep the operating system's default. */
    public int socketSendBufferBytes() {
        return socketSendBufferBytes;
    }

    /** SO_RCVBUF for accepted connections, or -1 to keep the operating system's default. */
    public int socketReceiveBufferBytes() {
        return socketReceiveBufferBytes;
    }

    /** Length of the accept queue of each listening socket. */
    public int socketListenBacklogSize() {
        return socketListenBacklogSize;
    }

    public int maxConnectionsPerIp() {
        return maxConnectionsPerIp;
    }

    /** Per-address limits that replace {@link #maxConnectionsPerIp()}; host names are resolved at start-up. */
    public Map<InetAddress, Integer> maxConnectionsPerIpOverrides() {
        return maxConnectionsPerIpOverrides;
    }

    /** Idle time after which a connection is closed, or -1 for never. */
    public long connectionsMaxIdleMs() {
        return connectionsMaxIdleMs;
    }

    public int queuedMaxRequests() {
        return queuedMaxRequests;
    }

    public int requestTimeoutMs() {
        return requestTimeoutMs;
    }

    public String zookeeperConnect() {
        return zookeeperConnect;
    }

    public int zookeeperSessionTimeoutMs() {
        return zookeeperSessionTimeoutMs;
    }

    public int zookeeperConnectionTimeoutMs() {
        return zookeeperConnectionTimeoutMs;
    }

    /** {@code log.dirs} if set, else {@code log.dir}; never empty. */
    public List<String> logDirs() {
        return logDirs;
    }

    public int messageMaxBytes() {
        return messageMaxBytes;
    }

    public boolean autoCreateTopicsEnable() {
        return autoCreateTopicsEnable;
    }

    public int numPartitions() {
        return numPartitions;
    }

    public short defaultReplicationFactor() {
        return defaultReplicationFactor;
    }

    public int minInsyncReplicas() {
        return minInsyncReplicas;
    }

    public boolean deleteTopicEnable() {
        return deleteTopicEnable;
    }

    public boolean uncleanLeaderElectionEnable() {
        return uncleanLeaderElectionEnable;
    }

    public long replicaLagTimeMaxMs() {
        return replicaLagTimeMaxMs;
    }

    public int numReplicaFetchers() {
        return numReplicaFetchers;
    }

    public boolean controlledShutdownEnable() {
        return controlledShutdownEnable;
    }

    public int offsetsTopicNumPartitions() {
        return offsetsTopicNumPartitions;
    }

    public short offsetsTopicReplicationFactor() {
        return offsetsTopicReplicationFactor;
    }

    /** {@code offsets.topic.segment.bytes}: the segment.bytes {@code __consumer_offsets} is created with. */
    public int offsetsTopicSegmentBytes() {
        return offsetsTopicSegmentBytes;
    }

    /**
     * {@code offsets.topic.compression.codec}: the codec of the batches the group coordinator writes to
     * {@code __consumer_offsets} (as in Kafka, a codec id 0-4; the names none, gzip, snappy, lz4, zstd
     * are accepted too).
     */
    public CompressionType offsetsTopicCompressionType() {
        return offsetsTopicCompression;
    }

    private static CompressionType offsetsTopicCompression(String value) {
        try {
            return value.chars().allMatch(Character::isDigit) && !value.isEmpty()
                    ? CompressionType.forId(Integer.parseInt(value)) : CompressionType.forName(value);
        } catch (RuntimeException e) {
            throw new ConfigException(OFFSETS_TOPIC_COMPRESSION_CODEC, value,
                    "expected a codec id 0-4 (none, gzip, snappy, lz4, zstd) or its name");
        }
    }

    public int offsetsRetentionMinutes() {
        return offsetsRetentionMinutes;
    }

    public int groupInitialRebalanceDelayMs() {
        return groupInitialRebalanceDelayMs;
    }

    public int groupMinSessionTimeoutMs() {
        return groupMinSessionTimeoutMs;
    }

    public int groupMaxSessionTimeoutMs() {
        return groupMaxSessionTimeoutMs;
    }

    /** {@code group.max.size}: members a classic group accepts (Kafka's default: no limit). */
    public int groupMaxSize() {
        return groupMaxSize;
    }

    @Override
    public String toString() {
        return "BrokerConfig(broker.id=" + brokerId + ", listeners=" + joined(listeners) + ", advertised.listeners="
                + joined(advertisedListeners) + ", zookeeper.connect=" + zookeeperConnect + ", log.dirs="
                + String.join(",", logDirs) + ")";
    }
}
