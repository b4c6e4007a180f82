package io.sluice.clients.consumer;

import io.sluice.clients.common.TopicPartition;

import java.util.Map;

/**
 * Completion of {@link SluiceConsumer#commitAsync}: {@code exception} is null on success. Runs on
 * the thread that calls {@link SluiceConsumer#poll} (or a later commit / close), never on the
 * network thread, so it may call back into the consumer.
 */
@FunctionalInterface
public interface OffsetCommitCallback {

    void onComplete(Map<TopicPartition, OffsetAndMetadata> offsets, Exception exception);
}
