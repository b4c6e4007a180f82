package io.sluice.clients.admin;

import io.sluice.clients.common.Node;
import java.util.List;

/**
 * A group as DescribeGroups reports it, with the coordinator that answered. A group the coordinator
 * does not know is reported as state "Dead" without members, as Kafka does.
 */
public record ConsumerGroupDescription(String groupId, boolean simpleConsumerGroup, List<MemberDescription> members,
        String partitionAssignor, String state, Node coordinator) {

    public ConsumerGroupDescription {
        members = List.copyOf(members);
    }
}
