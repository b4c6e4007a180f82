package io.sluice.server.topic;

import io.sluice.server.BrokerServices;
import io.sluice.server.config.BrokerConfig;
import io.sluice.server.metadata.MetadataCache;
import io.sluice.server.metadata.TopicMetadata;
import io.sluice.zk.errors.AdminException;
import io.sluice.zk.json.TopicAssignment;
import io.sluice.zk.topic.TopicNames;
import io.sluice.zk.topic.TopicStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates topics and adds partitions on behalf of CreateTopics, CreatePartitions and Metadata
 * auto-creation: fills in broker defaults, validates configs against {@link TopicConfigs}, writes
 * through {@link TopicStore}, and waits until this broker's {@link MetadataCache} shows the result, so
 * the client's next Metadata request (to this broker) sees what it created.
 *
 * <p>Any broker does this today (the request handler plays the controller's part); the partition
 * states are written together with the assignment, so a topic is born with its leaders.
 *
 * <p>Thread-safe: stateless apart from the thread-safe parts it holds.
 */
public final class TopicManager {

    private static final Logger log = LoggerFactory.getLogger(TopicManager.class);

    public static final String OFFSETS_TOPIC = "__consumer_offsets";
    private static final long POLL_MS = 20;

    private final BrokerConfig config;
    private final TopicStore topicStore;
    private final MetadataCache metadataCache;

    /**
     * What a client asked for.
     *
     * @param numPartitions -1 for {@code num.partitions}; ignored with an explicit assignment
     * @param replicationFactor -1 for {@code default.replication.factor}
     * @param assignment partition -&gt; replicas, empty for broker placement
     */
    public record NewTopic(String name, int numPartitions, int replicationFactor,
            Map<Integer, List<Integer>> assignment, Map<String, String> configs) {

        public NewTopic {
            assignment = Map.copyOf(assignment);
            configs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(configs));
        }
    }

    /** What was (or, validating only, would be) created. */
    public record Created(String name, java.util.UUID topicId, int numPartitions, int replicationFactor,
            Map<String, String> configs) {
    }

    public TopicManager(BrokerServices services) {
        this(services.config(), services.topicStore(), services.metadataCache());
    }

    public TopicManager(BrokerConfig config, TopicStore topicStore, MetadataCache metadataCache) {
        this.config = config;
        this.topicStore = topicStore;
        this.metadataCache = metadataCache;
    }

    /**
     * Creates a topic (or only validates the request).
     *
     * @throws AdminException with the error code to answer (TOPIC_ALREADY_EXISTS, INVALID_CONFIG, ...)
     */
    public Created create(NewTopic topic, boolean validateOnly) {
        TopicConfigs.validate(config.originals(), topic.configs());
        if (!topic.assignment().isEmpty()) {
            if (topic.numPartitions() != -1 || topic.replicationFactor() != -1) {
                throw new AdminRequestException.InvalidRequest("Both numPartitions or replicationFactor and "
                        + "replicasAssignments were set. Both cannot be used at the same time.");
            }
            int rf = topic.assignment().values().iterator().next().size();
            if (validateOnly) {
                topicStore.validateNewTopic(topic.name());
                TopicStore.validateAssignment(topic.assignment(), 0, topicStore.liveBrokerIds());
                return new Created(topic.name(), null, topic.assignment().size(), rf, topic.configs());
            }
            TopicAssignment written = topicStore.createTopicWithAssignment(topic.name(), topic.assignment(),
                    topic.configs());
            return new Created(topic.name(), written.topicId(), written.partitionCount(), rf, topic.configs());
        }
        int partitions = topic.numPartitions() == -1 ? config.numPartitions() : topic.numPartitions();
        int rf = topic.replicationFactor() == -1 ? config.defaultReplicationFactor() : topic.replicationFactor();
        if (validateOnly) {
            topicStore.planTopic(topic.name(), partitions, rf);
            return new Created(topic.name(), null, partitions, rf, topic.configs());
        }
        TopicAssignment written = topicStore.createTopic(topic.name(), partitions, rf, topic.configs());
        return new Created(topic.name(), written.topicId(), partitions, rf, topic.configs());
    }

    /**
     * Creates a topic a Metadata request named, with the broker defaults and the replication factor
     * capped by the live brokers ({@code __consumer_offsets} with the offsets topic settings). A topic
     * that appeared meanwhile is fine.
     *
     * @return the error for this topic in the Metadata response: none (the caller then reports
     *         LEADER_NOT_AVAILABLE while the topic settles) or the creation's refusal
     */
    public Optional<AdminException> autoCreate(String name) {
        try {
            int live = topicStore.liveBrokerIds().size();
            if (OFFSETS_TOPIC.equals(name)) {
                int replicationFactor = Math.max(1, Math.min(config.offsetsTopicReplicationFactor(), live));
                if (replicationFactor < config.offsetsTopicReplicationFactor()) {
                    log.warn("Creating {} with replication factor {}: offsets.topic.replication.factor is {} but only {} "
                            + "brokers are alive", name, replicationFactor, config.offsetsTopicReplicationFactor(), live);
                }
                // Compacted, with small segments (offsets.topic.segment.bytes): the cleaner never touches
                // the active segment, so its size bounds what the topic holds beyond the latest commits.
                topicStore.createTopic(name, config.offsetsTopicNumPartitions(), replicationFactor,
                        Map.of("cleanup.policy", "compact", "segment.bytes", Integer.toString(config.offsetsTopicSegmentBytes())));
            } else {
                topicStore.createTopic(name, config.numPartitions(),
                        Math.max(1, Math.min(config.defaultReplicationFactor(), live)), Map.of());
            }
            log.info("Auto-created topic {}", name);
        } catch (AdminException.TopicExists e) {
            // created concurrently (by another client or broker): just as good
        } catch (AdminException e) {
            log.info("Could not auto-create topic {}: {}", name, e.getMessage());
            return Optional.of(e);
        }
        metadataCache.refreshTopic(name);
        return Optional.empty();
    }

    /**
     * Grows a topic, or only checks that it could grow.
     *
     * @param assignments replicas of each new partition, or null for broker placement
     */
    public void createPartitions(String topic, int count, List<List<Integer>> assignments, boolean validateOnly) {
        if (!validateOnly) {
            topicStore.createPartitions(topic, count, assignments);
            return;
        }
        TopicAssignment existing = topicStore.assignment(topic).orElseThrow(() ->
                new AdminException.UnknownTopicOrPartition("The topic '" + topic + "' does not exist."));
        if (topicStore.isMarkedForDeletion(topic)) {
            throw new AdminException.InvalidTopic("The topic '" + topic + "' is queued for deletion.");
        }
        int current = existing.partitionCount();
        if (count < current) {
            throw new AdminException.InvalidPartitions("Topic currently has " + current
                    + " partitions, which is higher than the requested " + count + ".");
        }
        if (count == current) {
            throw new AdminException.InvalidPartitions("Topic already has " + current + " partitions.");
        }
        if (assignments != null) {
            if (assignments.size() != count - current) {
                throw new AdminException.InvalidReplicaAssignment("Increasing the number of partitions by "
                        + (count - current) + " but " + assignments.size() + " assignments provided.");
            }
            Map<Integer, List<Integer>> added = new LinkedHashMap<>();
            for (int i = 0; i < assignments.size(); i++) {
                added.put(current + i, assignments.get(i));
            }
            TopicStore.validateAssignment(added, current, topicStore.liveBrokerIds());
        } else {
            int rf = existing.replicas(0).size();
            if (rf > topicStore.liveBrokerIds().size()) {
                throw new AdminException.InvalidReplicationFactor("Replication factor: " + rf
                        + " larger than available brokers: " + topicStore.liveBrokerIds().size() + ".");
            }
        }
    }

    /**
     * Waits until this broker's metadata shows {@code topic} with {@code partitions} partitions, each
     * with a leader, or until {@code deadlineMs} (wall clock) passes.
     *
     * @return whether it got there in time
     */
    public boolean awaitReady(String topic, int partitions, long deadlineMs) {
        while (true) {
            Optional<TopicMetadata> seen = metadataCache.refreshTopic(topic);
            if (seen.isPresent() && seen.get().partitionCount() >= partitions
                    && seen.get().partitions().values().stream().allMatch(p -> p.hasLeader())) {
                return true;
            }
            if (System.currentTimeMillis() >= deadlineMs || !sleep()) {
                return false;
            }
        }
    }

    static boolean sleep() {
        try {
            Thread.sleep(POLL_MS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The names auto-creation may create: valid names, and not the internal transaction log. */
    public static boolean mayAutoCreate(String name) {
        return TopicNames.isValid(name) && !"__transaction_state".equals(name);
    }
}
