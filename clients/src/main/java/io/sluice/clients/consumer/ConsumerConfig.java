package io.sluice.clients.consumer;

import io.sluice.clients.common.ClientConfig;
import io.sluice.clients.common.ConfigException;
import io.sluice.clients.consumer.assignor.Assignors;

import java.util.List;
import java.util.Locale;

/**
 * The consumer's settings, read with Kafka's config names and Kafka 3.x's defaults.
 *
 * @param groupId                 group.id; null = no group (assign() only, no commits)
 * @param groupInstanceId         group.instance.id; non-null makes this a static member
 * @param sessionTimeoutMs        session.timeout.ms (45000)
 * @param heartbeatIntervalMs     heartbeat.interval.ms (3000)
 * @param maxPollIntervalMs       max.poll.interval.ms (300000), also the JoinGroup rebalance timeout
 * @param enableAutoCommit        enable.auto.commit (true when a group.id is set)
 * @param autoCommitIntervalMs    auto.commit.interval.ms (5000)
 * @param autoOffsetReset         auto.offset.reset (latest)
 * @param maxPollRecords          max.poll.records (500)
 * @param fetchMinBytes           fetch.min.bytes (1)
 * @param fetchMaxWaitMs          fetch.max.wait.ms (500)
 * @param fetchMaxBytes           fetch.max.bytes (52428800)
 * @param maxPartitionFetchBytes  max.partition.fetch.bytes (1048576)
 * @param readCommitted           isolation.level=read_committed (default read_uncommitted)
 * @param assignmentStrategy      partition.assignment.strategy ([range, cooperative-sticky])
 * @param checkCrcs               check.crcs (true)
 * @param requestTimeoutMs        request.timeout.ms (30000)
 * @param retryBackoffMs          retry.backoff.ms (100)
 * @param defaultApiTimeoutMs     default.api.timeout.ms (60000): bound of blocking calls without a timeout
 * @param clientRack              client.rack (sent in subscriptions v3 and Fetch v11)
 */
public record ConsumerConfig(String groupId, String groupInstanceId, int sessionTimeoutMs, int heartbeatIntervalMs,
                             int maxPollIntervalMs, boolean enableAutoCommit, long autoCommitIntervalMs,
                             OffsetResetStrategy autoOffsetReset, int maxPollRecords, int fetchMinBytes, int fetchMaxWaitMs,
                             int fetchMaxBytes, int maxPartitionFetchBytes, boolean readCommitted, List<String> assignmentStrategy,
                             boolean checkCrcs, long requestTimeoutMs, long retryBackoffMs, long defaultApiTimeoutMs,
                             String clientRack) {

    public static final String GROUP_ID = "group.id";
    public static final String GROUP_INSTANCE_ID = "group.instance.id";
    public static final String SESSION_TIMEOUT_MS = "session.timeout.ms";
    public static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";
    public static final String MAX_POLL_INTERVAL_MS = "max.poll.interval.ms";
    public static final String ENABLE_AUTO_COMMIT = "enable.auto.commit";
    public static final String AUTO_COMMIT_INTERVAL_MS = "auto.commit.interval.ms";
    public static final String AUTO_OFFSET_RESET = "auto.offset.reset";
    public static final String MAX_POLL_RECORDS = "max.poll.records";
    public static final String FETCH_MIN_BYTES = "fetch.min.bytes";
    public static final String FETCH_MAX_WAIT_MS = "fetch.max.wait.ms";
    public static final String FETCH_MAX_BYTES = "fetch.max.bytes";
    public static final String MAX_PARTITION_FETCH_BYTES = "max.partition.fetch.bytes";
    public static final String ISOLATION_LEVEL = "isolation.level";
    public static final String PARTITION_ASSIGNMENT_STRATEGY = "partition.assignment.strategy";
    public static final String CHECK_CRCS = "check.crcs";
    public static final String DEFAULT_API_TIMEOUT_MS = "default.api.timeout.ms";
    public static final String CLIENT_RACK = "client.rack";
    public static final String KEY_DESERIALIZER = "key.deserializer";
    public static final String VALUE_DESERIALIZER = "value.deserializer";

    public static ConsumerConfig from(ClientConfig c) {
        String groupId = c.getString(GROUP_ID, null);
        if (groupId != null && groupId.isEmpty()) {
            groupId = null;
        }
        String instanceId = c.getString(GROUP_INSTANCE_ID, null);
        if (instanceId != null && instanceId.isEmpty()) {
            instanceId = null;
        }
        boolean autoCommit = c.getBoolean(ENABLE_AUTO_COMMIT, groupId != null);
        if (autoCommit && groupId == null && c.contains(ENABLE_AUTO_COMMIT)) {
            throw new ConfigException("enable.auto.commit cannot be true without a group.id");
        }
        String isolation = c.getString(ISOLATION_LEVEL, "read_uncommitted").toLowerCase(Locale.ROOT);
        if (!isolation.equals("read_committed") && !isolation.equals("read_uncommitted")) {
            throw new ConfigException(ISOLATION_LEVEL, isolation, "must be read_committed or read_uncommitted");
        }
        List<String> strategy = c.getList(PARTITION_ASSIGNMENT_STRATEGY);
        if (strategy.isEmpty()) {
            strategy = Assignors.DEFAULT_STRATEGY;
        }
        int session = c.getInt(SESSION_TIMEOUT_MS, 45_000);
        int heartbeat = c.getInt(HEARTBEAT_INTERVAL_MS, 3_000);
        if (heartbeat >= session) {
            throw new ConfigException("heartbeat.interval.ms must be lower than session.timeout.ms");
        }
        int maxPollRecords = c.getInt(MAX_POLL_RECORDS, 500);
        if (maxPollRecords < 1) {
            throw new ConfigException(MAX_POLL_RECORDS, maxPollRecords, "must be >= 1");
        }
        return new ConsumerConfig(groupId, instanceId, session, heartbeat,
                c.getInt(MAX_POLL_INTERVAL_MS, 300_000), autoCommit && groupId != null,
                c.getNonNegativeLong(AUTO_COMMIT_INTERVAL_MS, 5_000),
                OffsetResetStrategy.parse(c.getString(AUTO_OFFSET_RESET, "latest")), maxPollRecords,
                c.getInt(FETCH_MIN_BYTES, 1), c.getInt(FETCH_MAX_WAIT_MS, 500), c.getInt(FETCH_MAX_BYTES, 52_428_800),
                c.getInt(MAX_PARTITION_FETCH_BYTES, 1_048_576), isolation.equals("read_committed"), List.copyOf(strategy),
                c.getBoolean(CHECK_CRCS, true), c.getNonNegativeLong(ClientConfig.REQUEST_TIMEOUT_MS, 30_000),
                c.getNonNegativeLong(ClientConfig.RETRY_BACKOFF_MS, 100), c.getNonNegativeLong(DEFAULT_API_TIMEOUT_MS, 60_000),
                c.getString(CLIENT_RACK, null));
    }
}
