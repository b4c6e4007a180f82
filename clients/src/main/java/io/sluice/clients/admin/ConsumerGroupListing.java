package io.sluice.clients.admin;

/**
 * A group as ListGroups reports it. {@code state} is Kafka's state name (Empty, Stable,
 * PreparingRebalance, CompletingRebalance, Dead) or null from a broker too old to send it;
 * {@code protocolType} is "consumer" for consumer groups and empty for a simple group that only
 * commits offsets.
 */
public record ConsumerGroupListing(String groupId, String state, String protocolType) {

    public boolean isSimpleConsumerGroup() {
        return protocolType == null || protocolType.isEmpty();
    }
}
