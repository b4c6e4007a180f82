package io.sluice.clients.consumer;

import io.sluice.clients.common.TopicPartition;

import java.util.Collection;

/**
 * Callbacks around a group rebalance, run on the thread that calls {@link SluiceConsumer#poll}
 * (and {@link SluiceConsumer#close} / {@link SluiceConsumer#unsubscribe}).
 *
 * <p>With the eager protocol every rebalance first revokes all owned partitions, then assigns the
 * new set. With the cooperative protocol only the partitions that move are revoked (and the member
 * rejoins so they can be handed over), and {@link #onPartitionsAssigned} gets only the new ones,
 * possibly an empty collection. {@link #onPartitionsLost} replaces revocation when the member was
 * dropped from the group (its partitions may already belong to someone else, so committing them
 * would fail); by default it calls {@link #onPartitionsRevoked}.
 */
public interface ConsumerRebalanceListener {

    void onPartitionsRevoked(Collection<TopicPartition> partitions);

    void onPartitionsAssigned(Collection<TopicPartition> partitions);

    default void onPartitionsLost(Collection<TopicPartition> partitions) {
        onPartitionsRevoked(partitions);
    }

    /** A listener that does nothing. */
    static ConsumerRebalanceListener noop() {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }
        };
    }
}
