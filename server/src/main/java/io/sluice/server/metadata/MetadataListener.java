package io.sluice.server.metadata;

/**
 * Told when a topic appears, changes (partitions, leaders, ISR) or disappears. Called on the
 * metadata cache's event thread, one call at a time, in the order ZooKeeper reported the changes.
 */
public interface MetadataListener {

    /** @param topic the new state of the topic, or null when it was deleted */
    void onTopicChanged(String name, TopicMetadata topic);
}
