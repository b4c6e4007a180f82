package io.sluice.clients.consumer.assignor;

import io.sluice.clients.common.TopicPartition;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One member's subscription as the group leader sees it: the fields of Kafka's ConsumerProtocol
 * subscription ({@link ConsumerProtocol} encodes them) plus the member's {@code groupInstanceId},
 * which does not travel in the subscription bytes but in the JoinGroup member list.
 *
 * @param topics          subscribed topics (v0)
 * @param userData        assignor-specific bytes, may be null (v0)
 * @param ownedPartitions partitions the member owns now (v1+)
 * @param generationId    the generation those partitions were assigned in, -1 when unknown (v2+)
 * @param rackId          the member's client.rack, may be null (v3+)
 * @param groupInstanceId the static member id (group.instance.id), may be null; not encoded
 */
public record Subscription(List<String> topics, ByteBuffer userData, List<TopicPartition> ownedPartitions,
                           int generationId, String rackId, String groupInstanceId) {

    /** No generation: what v0/v1 subscriptions decode to and what a consumer that never joined sends. */
    public static final int NO_GENERATION = -1;

    public Subscription {
        topics = List.copyOf(topics);
        ownedPartitions = List.copyOf(ownedPartitions);
        userData = userData == null ? null : userData.asReadOnlyBuffer();
    }

    public Subscription(List<String> topics) {
        this(topics, null, List.of(), NO_GENERATION, null, null);
    }

    public Subscription(List<String> topics, ByteBuffer userData, List<TopicPartition> ownedPartitions) {
        this(topics, userData, ownedPartitions, NO_GENERATION, null, null);
    }

    /** A copy with the static member id set (the leader learns it from the JoinGroup member list). */
    public Subscription withGroupInstanceId(String instanceId) {
        return new Subscription(topics, userData, ownedPartitions, generationId, rackId, instanceId);
    }

    /** A fresh view of the user data positioned at its start, or null. */
    public ByteBuffer userDataView() {
        return userData == null ? null : userData.duplicate();
    }
}
