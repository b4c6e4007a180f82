package io.sluice.clients.consumer.assignor;

import io.sluice.clients.common.TopicPartition;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * "cooperative-sticky": the sticky assignment used with the cooperative protocol (KIP-429).
 * Members keep their partitions while rejoining and report them as the subscription's owned
 * partitions with the generation they were assigned in. A partition that moves to another member
 * is <b>not</b> given to its new member in this rebalance: the old owner sees it missing from its
 * assignment, revokes it and rejoins, and the second rebalance (where nobody claims it any more)
 * hands it over. So no partition is ever owned by two members at once.
 *
 * <p>User data, as Kafka's CooperativeStickyAssignor writes it: one int32, this member's
 * generation (for leaders that read v0/v1 subscriptions without a generation field). The
 * subscription's generation wins when present.
 *
 * Thread-safety: the generation set by {@link #onAssignment} is read on the same consumer thread.
 */
public final class CooperativeStickyAssignor implements PartitionAssignor {

    public static final String NAME = "cooperative-sticky";

    private int generation = Subscription.NO_GENERATION;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<RebalanceProtocol> supportedProtocols() {
        return List.of(RebalanceProtocol.COOPERATIVE, RebalanceProtocol.EAGER);
    }

    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        return ByteBuffer.allocate(4).putInt(0, generation);
    }

    @Override
    public void onAssignment(Assignment assignment, int generationId) {
        generation = generationId;
    }

    @Override
    public Map<String, Assignment> assign(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions) {
        Map<String, StickyBalancer.Claim> claims = new HashMap<>();
        subscriptions.forEach((m, s) -> claims.put(m, claimOf(s)));
        StickyBalancer.Result r = new StickyBalancer(partitionsPerTopic, subscriptions).balance(claims);
        Map<String, Assignment> out = new HashMap<>();
        for (String m : subscriptions.keySet()) {
            List<TopicPartition> given = new ArrayList<>();
            for (TopicPartition tp : r.assignment().getOrDefault(m, List.of())) {
                Set<String> holders = r.currentHolders().get(tp);
                boolean heldElsewhere = holders != null && holders.stream().anyMatch(h -> !h.equals(m));
                if (!heldElsewhere) {
                    given.add(tp);
                }
            }
            out.put(m, new Assignment(given));
        }
        return out;
    }

    static StickyBalancer.Claim claimOf(Subscription s) {
        int gen = s.generationId();
        if (gen == Subscription.NO_GENERATION) {
            ByteBuffer data = s.userDataView();
            if (data != null && data.remaining() >= 4) {
                gen = data.getInt();
            }
        }
        return new StickyBalancer.Claim(s.ownedPartitions(), gen);
    }
}
