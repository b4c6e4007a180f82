package io.sluice.clients.admin;

import io.sluice.clients.common.TopicPartition;
import java.util.Set;

/**
 * A member of a consumer group: its ids, the host it connected from (Kafka writes it as "/1.2.3.4")
 * and the partitions assigned to it (empty when the group is rebalancing or not a consumer group).
 */
public record MemberDescription(String memberId, String groupInstanceId, String clientId, String host,
        Set<TopicPartition> assignment) {

    public MemberDescription {
        assignment = Set.copyOf(assignment);
    }
}
