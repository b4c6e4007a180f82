package io.sluice.clients.consumer.assignor;

/**
 * How members give up partitions during a rebalance. {@link #EAGER}: every member revokes all its
 * partitions before it rejoins. {@link #COOPERATIVE} (KIP-429): members keep their partitions while
 * rejoining; a partition that changes owner is first revoked by its old owner and handed to the new
 * one in a second rebalance. A consumer uses the highest protocol all its configured assignors
 * support, as Kafka's does.
 */
public enum RebalanceProtocol {
    EAGER,
    COOPERATIVE
}
