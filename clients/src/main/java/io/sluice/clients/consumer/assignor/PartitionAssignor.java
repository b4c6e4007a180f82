package io.sluice.clients.consumer.assignor;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A client-side partition assignment strategy of the classic group protocol. Every member lists the
 * assignors it supports in JoinGroup by {@link #name()}; the broker picks one all members support,
 * and the elected leader runs its {@link #assign} over every member's decoded subscription.
 * Names are Kafka's protocol names so our consumers and Kafka's can share a group.
 *
 * <p>Implementations are used by one consumer thread at a time (the thread that polls), but they
 * keep state between rebalances ({@link #onAssignment}), so an instance belongs to one consumer.
 */
public interface PartitionAssignor {

    /** The protocol name in JoinGroup: "range", "roundrobin", "sticky", "cooperative-sticky". */
    String name();

    /** The rebalance protocols this assignor can be used with; the first is the preferred one. */
    default List<RebalanceProtocol> supportedProtocols() {
        return List.of(RebalanceProtocol.EAGER);
    }

    /** Bytes to put in this member's subscription user data, or null. */
    default ByteBuffer subscriptionUserData(Set<String> topics) {
        return null;
    }

    /**
     * Computes the assignment of the whole group (run by the leader only).
     *
     * @param partitionsPerTopic partition count of every subscribed topic known to metadata; topics
     *                           missing here are not assigned
     * @param subscriptions      member id to that member's subscription
     * @return member id to assignment, one entry for every member in {@code subscriptions}
     */
    Map<String, Assignment> assign(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions);

    /** Called on every member when its assignment of generation {@code generationId} arrives. */
    default void onAssignment(Assignment assignment, int generationId) {
    }
}
