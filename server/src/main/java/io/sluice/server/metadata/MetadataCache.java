package io.sluice.server.metadata;

import io.sluice.zk.Versioned;
import io.sluice.zk.ZkClient;
import io.sluice.zk.ZkPaths;
import io.sluice.zk.json.BrokerInfo;
import io.sluice.zk.json.Endpoint;
import io.sluice.zk.json.PartitionState;
import io.sluice.zk.json.TopicAssignment;
import io.sluice.zk.registration.BrokerMembership;
import io.sluice.zk.registration.LiveBroker;
import io.sluice.zk.topic.TopicStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's view of the cluster: live brokers (from {@link BrokerMembership}) and every topic with
 * its partitions' replicas, leaders and ISRs, read from ZooKeeper and kept current by a watch on
 * {@code /brokers/topics} and {@code /admin/delete_topics}.
 *
 * <p>Reads are lock-free snapshots. ZooKeeper events are coalesced per topic and applied on one event
 * thread, which also calls the {@link MetadataListener}s, so listeners see each topic's changes in
 * order and never concurrently. A handler that has just written a topic calls {@link #refreshTopic} to
 * read its own write before answering.
 */
public final class MetadataCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetadataCache.class);

    private final ZkClient zk;
    private final TopicStore topicStore;
    private final BrokerMembership membership;
    private final Map<String, TopicMetadata> topics = new ConcurrentHashMap<>();
    private final List<MetadataListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService events;
    private final CuratorCache topicWatch;
    private final CuratorCache deletionWatch;
    private final Map<String, Boolean> pendingReloads = new ConcurrentHashMap<>();

    public MetadataCache(ZkClient zk, TopicStore topicStore, BrokerMembership membership) {
        this.zk = zk;
        this.topicStore = topicStore;
        this.membership = membership;
        this.events = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "metadata-events");
            thread.setDaemon(true);
            return thread;
        });
        this.topicWatch = CuratorCache.build(zk.curator(), ZkPaths.BROKER_TOPICS);
        this.deletionWatch = CuratorCache.build(zk.curator(), ZkPaths.DELETE_TOPICS);
    }

    /** Add before {@link #start()} to hear about the topics already there. */
    public void addListener(MetadataListener listener) {
        listeners.add(listener);
    }

    /** Loads every topic, then follows changes. */
    public void start() {
        zk.createPersistentIfAbsent(ZkPaths.BROKER_TOPICS);
        zk.createPersistentIfAbsent(ZkPaths.DELETE_TOPICS);
        CuratorCacheListener onChange = CuratorCacheListener.builder()
                .forAll((type, oldData, data) -> onNodeChanged(data != null ? data : oldData))
                .build();
        topicWatch.listenable().addListener(onChange);
        deletionWatch.listenable().addListener(onChange);
        for (String topic : topicStore.listTopics()) {
            scheduleReload(topic);
        }
        topicWatch.start();
        deletionWatch.start();
        awaitEvents();
    }

    private void onNodeChanged(ChildData node) {
        if (node == null) {
            return;
        }
        String topic = topicOf(node.getPath());
        if (topic != null) {
            scheduleReload(topic);
        }
    }

    /** The topic a path under /brokers/topics or /admin/delete_topics belongs to, or null for the roots. */
    static String topicOf(String path) {
        for (String root : List.of(ZkPaths.BROKER_TOPICS + "/", ZkPaths.DELETE_TOPICS + "/")) {
            int at = path.indexOf(root);
            if (at >= 0) {
                String rest = path.substring(at + root.length());
                int slash = rest.indexOf('/');
                return slash < 0 ? rest : rest.substring(0, slash);
            }
        }
        return null;
    }

    private void scheduleReload(String topic) {
        // Many znodes of one topic change together (creation writes one per partition): reload once.
        if (pendingReloads.putIfAbsent(topic, Boolean.TRUE) == null) {
            events.execute(() -> {
                pendingReloads.remove(topic);
                reload(topic);
            });
        }
    }

    private void reload(String topic) {
        TopicMetadata updated;
        try {
            updated = read(topic).orElse(null);
        } catch (RuntimeException e) {
            log.warn("Could not read topic {} from ZooKeeper: {}", topic, e.toString());
            return;
        }
        TopicMetadata previous = updated == null ? topics.remove(topic) : topics.put(topic, updated);
        if (updated == null && previous == null) {
            return;
        }
        if (updated != null && updated.equals(previous)) {
            return;
        }
        for (MetadataListener listener : listeners) {
            try {
                listener.onTopicChanged(topic, updated);
            } catch (RuntimeException e) {
                log.error("Metadata listener failed on topic {}", topic, e);
            }
        }
    }

    private Optional<TopicMetadata> read(String topic) {
        Optional<TopicAssignment> assignment = topicStore.assignment(topic);
        if (assignment.isEmpty()) {
            return Optional.empty();
        }
        Map<Integer, Versioned<PartitionState>> states = topicStore.partitionStates(topic);
        Map<Integer, PartitionMetadata> partitions = new HashMap<>();
        assignment.get().partitions().forEach((partition, replicas) -> {
            Versioned<PartitionState> state = states.get(partition);
            if (state == null) {
                partitions.put(partition, new PartitionMetadata(partition, replicas, PartitionMetadata.NO_LEADER, -1,
                        List.of(), -1));
            } else {
                PartitionState s = state.value();
                partitions.put(partition, new PartitionMetadata(partition, replicas, s.leader(), s.leaderEpoch(), s.isr(),
                        state.zkVersion()));
            }
        });
        return Optional.of(TopicMetadata.of(topic, assignment.get().topicId(), partitions,
                topicStore.isMarkedForDeletion(topic)));
    }

    /**
     * Reads a topic from ZooKeeper now and applies it (listeners included) before returning, so a
     * handler sees its own write. Returns the topic, or empty if it does not exist.
     */
    public Optional<TopicMetadata> refreshTopic(String topic) {
        try {
            events.submit(() -> reload(topic)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Refreshing topic {} failed: {}", topic, e.toString());
        }
        return topic(topic);
    }

    /** Waits until the events queued so far have been applied. */
    public void awaitEvents() {
        try {
            events.submit(() -> { }).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Waiting for metadata events failed: {}", e.toString());
        }
    }

    public Optional<TopicMetadata> topic(String name) {
        return Optional.ofNullable(topics.get(name));
    }

    public Collection<TopicMetadata> topics() {
        return List.copyOf(topics.values());
    }

    public Optional<PartitionMetadata> partition(String topic, int partition) {
        TopicMetadata metadata = topics.get(topic);
        return metadata == null ? Optional.empty() : Optional.ofNullable(metadata.partition(partition));
    }

    /** Live brokers with their address on {@code listenerName}; brokers without that listener are left out. */
    public List<BrokerNode> aliveBrokers(String listenerName) {
        List<BrokerNode> nodes = new ArrayList<>();
        for (LiveBroker broker : membership.liveBrokers().values()) {
            BrokerInfo info = broker.info();
            Endpoint endpoint = info.endpoint(listenerName);
            if (endpoint != null) {
                nodes.add(new BrokerNode(info.id(), endpoint.host(), endpoint.port(), info.rack()));
            }
        }
        nodes.sort(java.util.Comparator.comparingInt(BrokerNode::id));
        return nodes;
    }

    public boolean isAlive(int brokerId) {
        return membership.isAlive(brokerId);
    }

    @Override
    public void close() {
        topicWatch.close();
        deletionWatch.close();
        events.shutdownNow();
    }
}
