package io.sluice.server.topic;

import io.sluice.server.metadata.MetadataCache;
import io.sluice.server.metadata.MetadataListener;
import io.sluice.server.metadata.TopicMetadata;
import io.sluice.zk.ZkException;
import io.sluice.zk.topic.TopicStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes topics, playing the controller's part until there is one: a deletion is queued with the
 * {@code /admin/delete_topics/<t>} marker and then completed ({@link TopicStore#completeDeletion}),
 * which removes the topic's znodes. Each broker drops its own logs of the topic when its metadata
 * cache reports the topic gone.
 *
 * <p>Markers this broker did not write itself (left by a broker that died half-way, or written by
 * hand) are completed too: at startup ({@link #completePending}) and whenever the metadata cache
 * reports a topic queued for deletion. Every broker may race to complete the same deletion; that is
 * harmless because completing is idempotent.
 *
 * <p>Thread-safe. Completions triggered by metadata events run on a private thread so the metadata
 * event thread never waits for ZooKeeper writes.
 */
public final class TopicDeletion implements MetadataListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicDeletion.class);

    private final TopicStore topicStore;
    private final MetadataCache metadataCache;
    private final ExecutorService completer;

    public TopicDeletion(TopicStore topicStore, MetadataCache metadataCache) {
        this.topicStore = topicStore;
        this.metadataCache = metadataCache;
        this.completer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "topic-deletion");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Queues and completes the deletion of {@code topic}.
     *
     * @throws io.sluice.zk.errors.AdminException.UnknownTopicOrPartition no such topic
     */
    public void delete(String topic) {
        topicStore.markForDeletion(topic);
        complete(topic);
    }

    /**
     * Completes every deletion still queued in ZooKeeper. A failure is logged, not thrown: the marker
     * stays and the next metadata event or restart completes it.
     */
    public void completePending() {
        for (String topic : topicStore.topicsPendingDeletion()) {
            log.info("Completing the pending deletion of topic {}", topic);
            try {
                complete(topic);
            } catch (RuntimeException e) {
                log.warn("Could not complete the pending deletion of topic {}: {}", topic, e.toString());
            }
        }
    }

    private void complete(String topic) {
        for (int attempt = 1; ; attempt++) {
            try {
                topicStore.completeDeletion(topic);
                return;
            } catch (ZkException e) {
                // another broker deleting the same znodes concurrently makes a recursive delete trip
                if (attempt >= 3) {
                    throw e;
                }
                log.debug("Completing deletion of {} raced ({}); again", topic, e.toString());
            }
        }
    }

    /**
     * Waits until this broker's metadata no longer has {@code topic}, or until {@code deadlineMs}.
     *
     * @return whether the topic is gone
     */
    public boolean awaitGone(String topic, long deadlineMs) {
        while (true) {
            if (metadataCache.refreshTopic(topic).isEmpty()) {
                return true;
            }
            if (System.currentTimeMillis() >= deadlineMs || !TopicManager.sleep()) {
                return false;
            }
        }
    }

    @Override
    public void onTopicChanged(String name, TopicMetadata topic) {
        if (topic != null && topic.markedForDeletion()) {
            try {
                completer.execute(() -> {
                    try {
                        if (topicStore.isMarkedForDeletion(name)) {
                            complete(name);
                        }
                    } catch (RuntimeException e) {
                        log.warn("Could not complete the deletion of topic {}: {}", name, e.toString());
                    }
                });
            } catch (RejectedExecutionException e) {
                // shutting down; the next start completes it
            }
        }
    }

    @Override
    public void close() {
        completer.shutdownNow();
    }
}
