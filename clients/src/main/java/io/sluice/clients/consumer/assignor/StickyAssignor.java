package io.sluice.clients.consumer.assignor;

import io.sluice.clients.common.TopicPartition;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * "sticky" (eager): balanced like round robin, and across rebalances every member keeps as many of
 * its partitions as balance allows ({@link StickyBalancer}). Eager members revoke everything
 * before rejoining, so the previous assignment travels in the subscription user data, in Kafka's
 * StickyAssignor layout (no version header; a reader tries v1 and falls back to v0):
 *
 * <pre>
 * v0: previous_assignment [topic string, partitions [int32]]
 * v1: previous_assignment [topic string, partitions [int32]], generation int32
 * </pre>
 *
 * We write v1 once we have an assignment and nothing before (null user data), as Kafka does.
 * Thread-safety: the state set by {@link #onAssignment} is read on the same consumer thread.
 */
public final class StickyAssignor implements PartitionAssignor {

    public static final String NAME = "sticky";

    private List<TopicPartition> memberAssignment;
    private int generation = Subscription.NO_GENERATION;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        return memberAssignment == null ? null : encodeUserData(memberAssignment, generation);
    }

    @Override
    public void onAssignment(Assignment assignment, int generationId) {
        memberAssignment = assignment.partitions();
        generation = generationId;
    }

    @Override
    public Map<String, Assignment> assign(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions) {
        Map<String, StickyBalancer.Claim> claims = new HashMap<>();
        subscriptions.forEach((m, s) -> claims.put(m, claimOf(s)));
        StickyBalancer.Result r = new StickyBalancer(partitionsPerTopic, subscriptions).balance(claims);
        Map<String, Assignment> out = new HashMap<>();
        subscriptions.keySet().forEach(m -> out.put(m, new Assignment(r.assignment().getOrDefault(m, List.of()))));
        return out;
    }

    /** An eager member's claim comes from its user data only (its owned partitions are empty). */
    static StickyBalancer.Claim claimOf(Subscription s) {
        ByteBuffer data = s.userDataView();
        if (data == null || !data.hasRemaining()) {
            return new StickyBalancer.Claim(List.of(), Subscription.NO_GENERATION);
        }
        return decodeUserData(data);
    }

    public static ByteBuffer encodeUserData(List<TopicPartition> partitions, int generation) {
        Map<String, List<Integer>> byTopic = ConsumerProtocol.byTopic(partitions);
        ByteBuffer buf = ByteBuffer.allocate(ConsumerProtocol.topicPartitionsSize(byTopic) + 4);
        ConsumerProtocol.putTopicPartitions(buf, byTopic);
        buf.putInt(generation);
        return buf.flip();
    }

    /** Reads v1 when the generation is there, else v0 (generation unknown). */
    static StickyBalancer.Claim decodeUserData(ByteBuffer data) {
        ByteBuffer buf = data.duplicate();
        try {
            List<TopicPartition> parts = ConsumerProtocol.readTopicPartitions(buf);
            int generation = buf.remaining() >= 4 ? buf.getInt() : Subscription.NO_GENERATION;
            return new StickyBalancer.Claim(parts, generation);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            // Unreadable user data (another assignor's bytes): claim nothing rather than fail the group.
            return new StickyBalancer.Claim(List.of(), Subscription.NO_GENERATION);
        }
    }
}
