package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.BrokerServices;
import io.sluice.server.metadata.BrokerNode;
import io.sluice.server.metadata.MetadataCache;
import io.sluice.server.metadata.PartitionMetadata;
import io.sluice.server.metadata.TopicMetadata;
import io.sluice.server.topic.TopicManager;
import io.sluice.zk.errors.AdminException;
import io.sluice.zk.topic.TopicNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Metadata (key 3), v0-12: the live brokers on the request's listener, the cluster id, the controller
 * and the requested topics with their partitions' leaders, epochs, replicas and ISRs.
 *
 * <p>Which topics: v0 with an empty list and v1+ with a null list mean all topics; v1+ with an empty
 * list means none. An unknown topic is created when {@code auto.create.topics.enable} is on and the
 * request allows it ({@code allow_auto_topic_creation}, v4+; always allowed below v4), and is then
 * reported with LEADER_NOT_AVAILABLE so the client asks again.
 *
 * <p>This broker names itself controller: it accepts CreateTopics, DeleteTopics and CreatePartitions
 * itself, and the Java Admin sends those to the controller named here.
 */
public final class MetadataHandler implements ApiHandler {

    private final BrokerServices services;
    private final TopicManager topicManager;

    public MetadataHandler(BrokerServices services, TopicManager topicManager) {
        this.services = services;
        this.topicManager = topicManager;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.METADATA;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 12;
    }

    /**
     * The topics a request asks about: null for all topics; otherwise one entry per requested topic,
     * each a name or (v10+, name null) a topic id.
     */
    static List<Struct> requestedTopics(Struct request, short version) {
        List<Struct> topics = request.getArray("topics");
        if (topics == null || (version == 0 && topics.isEmpty())) {
            return null;
        }
        return topics;
    }

    /** Whether unknown topics of this request may be created. */
    static boolean allowsAutoCreation(Struct request, short version) {
        return version < 4 || request.getBool("allow_auto_topic_creation");
    }

    @Override
    public CompletableFuture<Struct> handle(ApiRequest request) {
        short version = request.version();
        Struct body = request.body();
        MetadataCache cache = services.metadataCache();
        Struct response = request.newResponse();

        for (BrokerNode node : cache.aliveBrokers(request.context().listenerName())) {
            response.addElement("brokers")
                    .set("node_id", node.id())
                    .set("host", node.host())
                    .set("port", node.port())
                    .set("rack", node.rack());
        }
        response.set("cluster_id", services.clusterId());
        response.set("controller_id", services.brokerId());
        boolean withTopicOperations = version >= 8 && body.getBool("include_topic_authorized_operations");
        if (version >= 8 && version <= 10 && body.getBool("include_cluster_authorized_operations")) {
            response.set("cluster_authorized_operations", AuthorizedOperations.CLUSTER);
        }

        List<Struct> requested = requestedTopics(body, version);
        if (requested == null) {
            List<TopicMetadata> all = new ArrayList<>(cache.topics());
            all.sort(Comparator.comparing(TopicMetadata::name));
            for (TopicMetadata topic : all) {
                addTopic(response, topic, withTopicOperations);
            }
            return CompletableFuture.completedFuture(response);
        }
        boolean autoCreate = services.config().autoCreateTopicsEnable() && allowsAutoCreation(body, version);
        for (Struct wanted : requested) {
            String name = wanted.getString("name");
            if (name == null) {
                addTopicById(response, cache, wanted.getUuid("topic_id"), withTopicOperations, version);
                continue;
            }
            Optional<TopicMetadata> topic = cache.topic(name);
            if (topic.isPresent()) {
                addTopic(response, topic.get(), withTopicOperations);
            } else if (!TopicNames.isValid(name)) {
                addError(response, name, Errors.INVALID_TOPIC_EXCEPTION);
            } else if (autoCreate && TopicManager.mayAutoCreate(name)) {
                Optional<AdminException> refused = topicManager.autoCreate(name);
                addError(response, name, refused.isPresent() ? Errors.forCode(refused.get().errorCode())
                        : Errors.LEADER_NOT_AVAILABLE);
            } else {
                addError(response, name, Errors.UNKNOWN_TOPIC_OR_PARTITION);
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private void addTopicById(Struct response, MetadataCache cache, UUID id, boolean withOperations, short version) {
        for (TopicMetadata topic : cache.topics()) {
            if (topic.topicId() != null && topic.topicId().equals(id)) {
                addTopic(response, topic, withOperations);
                return;
            }
        }
        // The response's name may be null only from v12; before that a lookup by id is not a valid request.
        boolean nullableName = version >= 12;
        response.addElement("topics")
                .set("error_code", (nullableName ? Errors.UNKNOWN_TOPIC_ID : Errors.INVALID_REQUEST).code())
                .set("name", nullableName ? null : "")
                .set("topic_id", id);
    }

    private static void addError(Struct response, String name, Errors error) {
        response.addElement("topics")
                .set("error_code", error.code())
                .set("name", name)
                .set("is_internal", TopicMetadata.isInternal(name));
    }

    private void addTopic(Struct response, TopicMetadata topic, boolean withOperations) {
        Struct entry = response.addElement("topics")
                .set("error_code", Errors.NONE.code())
                .set("name", topic.name())
                .set("topic_id", topic.topicId() == null ? new UUID(0, 0) : topic.topicId())
                .set("is_internal", topic.internal());
        if (withOperations) {
            entry.set("topic_authorized_operations", AuthorizedOperations.TOPIC);
        }
        MetadataCache cache = services.metadataCache();
        for (PartitionMetadata partition : topic.partitions().values()) {
            boolean leaderAlive = partition.hasLeader() && cache.isAlive(partition.leader());
            Struct p = entry.addElement("partitions")
                    .set("error_code", (leaderAlive ? Errors.NONE : Errors.LEADER_NOT_AVAILABLE).code())
                    .set("partition_index", partition.partition())
                    .set("leader_id", leaderAlive ? partition.leader() : PartitionMetadata.NO_LEADER)
                    .set("leader_epoch", partition.leaderEpoch());
            p.set("replica_nodes", new ArrayList<Object>(partition.replicas()));
            p.set("isr_nodes", new ArrayList<Object>(partition.isr()));
        }
    }
}
