package io.sluice.server;

import io.sluice.server.api.AlterConfigsHandler;
import io.sluice.server.api.ApiRegistry;
import io.sluice.server.api.CreatePartitionsHandler;
import io.sluice.server.api.CreateTopicsHandler;
import io.sluice.server.api.DeleteGroupsHandler;
import io.sluice.server.api.DeleteRecordsHandler;
import io.sluice.server.api.DeleteTopicsHandler;
import io.sluice.server.api.DescribeClusterHandler;
import io.sluice.server.api.DescribeConfigsHandler;
import io.sluice.server.api.DescribeGroupsHandler;
import io.sluice.server.api.FetchHandler;
import io.sluice.server.api.FindCoordinatorHandler;
import io.sluice.server.api.HeartbeatHandler;
import io.sluice.server.api.IncrementalAlterConfigsHandler;
import io.sluice.server.api.InitProducerIdHandler;
import io.sluice.server.api.JoinGroupHandler;
import io.sluice.server.api.LeaveGroupHandler;
import io.sluice.server.api.ListGroupsHandler;
import io.sluice.server.api.ListOffsetsHandler;
import io.sluice.server.api.MetadataHandler;
import io.sluice.server.api.OffsetCommitHandler;
import io.sluice.server.api.OffsetDeleteHandler;
import io.sluice.server.api.OffsetFetchHandler;
import io.sluice.server.api.OffsetForLeaderEpochHandler;
import io.sluice.server.api.ProduceHandler;
import io.sluice.server.api.SyncGroupHandler;
import io.sluice.server.config.BrokerConfig;
import io.sluice.server.group.CoordinatorLookup;
import io.sluice.server.group.GroupCoordinator;
import io.sluice.server.group.OffsetManager;
import io.sluice.server.group.SystemGroupTimer;
import io.sluice.server.partition.PartitionManager;
import io.sluice.server.topic.ConfigAdmin;
import io.sluice.server.topic.TopicConfigApplier;
import io.sluice.server.topic.TopicDeletion;
import io.sluice.server.topic.TopicManager;
import io.sluice.zk.config.ConfigChangeWatcher;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Registers the broker's API handlers (beside ApiVersions) and the parts they need. Parts that must be
 * closed at shutdown are pushed onto {@code closeables}, which the server closes newest first.
 */
final class BrokerApis {

    private BrokerApis() {
    }

    static void register(ApiRegistry registry, BrokerServices services, Deque<AutoCloseable> closeables) {
        registerDataPlane(registry, services);
        registerAdmin(registry, services, closeables);
        registerGroupCoordinator(registry, services, closeables);
    }

    // ---------------------------------------------------------------- group coordinator

    /**
     * The classic group coordinator: FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup,
     * OffsetCommit, OffsetFetch, DeleteGroups, OffsetDelete, ListGroups and DescribeGroups, one
     * {@link GroupCoordinator} over one {@link OffsetManager}, with its timer thread and a periodic
     * expiry of old offsets ({@code offsets.retention.minutes}, checked every
     * {@code offsets.retention.check.interval.ms}).
     */
    private static void registerGroupCoordinator(ApiRegistry registry, BrokerServices services,
                                                 Deque<AutoCloseable> closeables) {
        BrokerConfig config = services.config();
        CoordinatorLookup lookup = new CoordinatorLookup(services.metadataCache(), new TopicManager(services),
                config.offsetsTopicNumPartitions(), config.offsetsTopicCompressionType());
        registry.register(new FindCoordinatorHandler(lookup));
        SystemGroupTimer timer = new SystemGroupTimer();
        closeables.push(timer);
        OffsetManager offsets = new OffsetManager(services.partitionManager(), lookup,
                config.offsetsRetentionMinutes() * 60_000L, timer);
        GroupCoordinator coordinator = new GroupCoordinator(offsets, timer, new GroupCoordinator.Config(
                config.groupInitialRebalanceDelayMs(), config.groupMinSessionTimeoutMs(),
                config.groupMaxSessionTimeoutMs(), config.groupMaxSize()));
        long checkIntervalMs = Long.parseLong(config.originals()
                .getOrDefault("offsets.retention.check.interval.ms", "600000"));
        ScheduledExecutorService expiry = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "offsets-expiry");
            thread.setDaemon(true);
            return thread;
        });
        expiry.scheduleWithFixedDelay(() -> {
            try {
                offsets.expireOffsets(System.currentTimeMillis());
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(BrokerApis.class).warn("Offset expiry failed: {}", e.toString());
            }
        }, checkIntervalMs, checkIntervalMs, TimeUnit.MILLISECONDS);
        closeables.push(expiry::shutdownNow);
        registry.register(new JoinGroupHandler(coordinator));
        registry.register(new SyncGroupHandler(coordinator));
        registry.register(new HeartbeatHandler(coordinator));
        registry.register(new LeaveGroupHandler(coordinator));
        registry.register(new OffsetCommitHandler(coordinator, services.metadataCache()));
        registry.register(new OffsetFetchHandler(offsets));
        registry.register(new DeleteGroupsHandler(coordinator));
        registry.register(new OffsetDeleteHandler(coordinator, services.metadataCache()));
        registry.register(new ListGroupsHandler(coordinator));
        registry.register(new DescribeGroupsHandler(coordinator));
    }

    /** Produce, Fetch, ListOffsets, OffsetForLeaderEpoch, DeleteRecords and InitProducerId. */
    private static void registerDataPlane(ApiRegistry registry, BrokerServices services) {
        PartitionManager partitions = services.partitionManager();
        registry.register(new ProduceHandler(partitions));
        registry.register(new FetchHandler(partitions));
        registry.register(new ListOffsetsHandler(partitions));
        registry.register(new OffsetForLeaderEpochHandler(partitions));
        registry.register(new DeleteRecordsHandler(partitions));
        registry.register(new InitProducerIdHandler(services.producerIds()));
    }

    // ---------------------------------------------------------------- metadata and admin APIs

    /**
     * Metadata, topic administration and configs. Deletions left pending in ZooKeeper are completed
     * here, and topic config changes made through any broker reach this broker's logs through the
     * config change watcher.
     */
    private static void registerAdmin(ApiRegistry registry, BrokerServices services,
                                      Deque<AutoCloseable> closeables) {
        TopicManager topicManager = new TopicManager(services);
        TopicDeletion deletion = new TopicDeletion(services.topicStore(), services.metadataCache());
        closeables.push(deletion);
        services.metadataCache().addListener(deletion);
        deletion.completePending();

        TopicConfigApplier configApplier = new TopicConfigApplier(services.config().originals(),
                services.logManager());
        ConfigChangeWatcher configWatcher = new ConfigChangeWatcher(services.zk(), configApplier);
        closeables.push(configWatcher);
        configWatcher.start();
        ConfigAdmin configAdmin = new ConfigAdmin(services, configApplier);

        registry.register(new MetadataHandler(services, topicManager));
        registry.register(new CreateTopicsHandler(services, topicManager));
        registry.register(new DeleteTopicsHandler(services, deletion));
        registry.register(new CreatePartitionsHandler(topicManager));
        registry.register(new DescribeConfigsHandler(configAdmin));
        registry.register(new AlterConfigsHandler(configAdmin));
        registry.register(new IncrementalAlterConfigsHandler(configAdmin));
        registry.register(new DescribeClusterHandler(services));
    }
}
