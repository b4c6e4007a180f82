package io.sluice.clients.metadata;

import io.sluice.clients.common.ApiException;
import io.sluice.clients.common.ClientConfig;
import io.sluice.clients.common.InterruptException;
import io.sluice.clients.common.Node;
import io.sluice.clients.common.SluiceException;
import io.sluice.clients.common.TimeoutException;
import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.network.Cancellable;
import io.sluice.clients.network.ClientRequest;
import io.sluice.clients.network.ClientResponse;
import io.sluice.clients.network.NetworkClient;
import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Messages;
import io.sluice.protocol.Struct;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's view of the cluster, kept fresh with Metadata requests (v1..12) over a
 * {@link NetworkClient}.
 *
 * <pre>{@code
 * Metadata metadata = new Metadata(client, config, true);          // true: allow auto topic creation
 * List<PartitionInfo> partitions = metadata.awaitPartitions("orders", maxBlockMs);  // blocks the caller
 * Node leader = metadata.cluster().leaderFor(new TopicPartition("orders", 0));
 * metadata.onPartitionError(tp, Errors.NOT_LEADER_OR_FOLLOWER);   // a leader moved: refresh soon
 * }</pre>
 *
 * <h2>When it refreshes</h2>
 * <ul>
 *   <li>on demand ({@link #requestUpdate}, {@link #addTopics} with a new topic, {@link #awaitPartitions});</li>
 *   <li>after a leader error reported with {@link #onPartitionError} (NOT_LEADER_OR_FOLLOWER,
 *       UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE, NOT_ENOUGH_REPLICAS, ... any retriable
 *       partition error, and network failures);</li>
 *   <li>when a topic of interest came back without partitions or with a partition without leader
 *       (after {@code retry.backoff.ms});</li>
 *   <li>when the snapshot is older than {@code metadata.max.age.ms}.</li>
 * </ul>
 * Requests go to the least loaded known broker, or to the {@code bootstrap.servers} while no broker
 * is known; a failed attempt is retried after {@code retry.backoff.ms}. The request names the topics
 * of interest, or all topics after {@link #setAllTopics(boolean) setAllTopics(true)} (admin).
 * A partition whose leader epoch in a response is older than the one already known keeps its old
 * entry (a lagging broker answered), unless the topic id changed (the topic was recreated).
 *
 * <h2>Threading</h2>
 * Public methods are thread-safe. Requests and their handling run on the network client's I/O thread;
 * listeners ({@link #addListener}) and the futures of {@link #requestUpdate} run there too.
 * {@link #awaitPartitions} and {@link #awaitUpdate} block the caller and must not be called on the I/O thread.
 */
public final class Metadata {

    private static final Logger log = LoggerFactory.getLogger(Metadata.class);

    private final NetworkClient client;
    private final List<Node> bootstrapNodes;
    private final long maxAgeMs;
    private final long retryBackoffMs;
    private final boolean allowAutoTopicCreation;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final CopyOnWriteArrayList<Consumer<Cluster>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean allTopics;
    private volatile Cluster cluster = Cluster.empty();
    private volatile long lastSuccessNanos;
    private volatile int updateCount;
    private volatile Throwable lastError;

    // I/O thread only:
    private boolean inProgress;
    private boolean needUpdate;
    private long backoffUntilNanos;
    private Cancellable retryTimer;
    private Cancellable ageTimer;
    private final List<CompletableFuture<Cluster>> waitingForThisRequest = new ArrayList<>();
    private final List<CompletableFuture<Cluster>> waitingForNextRequest = new ArrayList<>();

    /**
     * Reads {@code bootstrap.servers}, {@code metadata.max.age.ms} and {@code retry.backoff.ms};
     * {@code allow.auto.create.topics} with the given default (the producer's is true).
     */
    public Metadata(NetworkClient client, ClientConfig config, boolean defaultAllowAutoTopicCreation) {
        this(client, config.bootstrapServers(),
                config.getNonNegativeLong(ClientConfig.METADATA_MAX_AGE_MS, ClientConfig.DEFAULT_METADATA_MAX_AGE_MS),
                config.getNonNegativeLong(ClientConfig.RETRY_BACKOFF_MS, ClientConfig.DEFAULT_RETRY_BACKOFF_MS),
                config.getBoolean(ClientConfig.ALLOW_AUTO_CREATE_TOPICS, defaultAllowAutoTopicCreation));
    }

    public Metadata(NetworkClient client, List<InetSocketAddress> bootstrap, long maxAgeMs, long retryBackoffMs,
                    boolean allowAutoTopicCreation) {
        this.client = client;
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < bootstrap.size(); i++) {
            nodes.add(Node.bootstrap(i, bootstrap.get(i)));
        }
        this.bootstrapNodes = List.copyOf(nodes);
        this.maxAgeMs = maxAgeMs;
        this.retryBackoffMs = Math.max(1, retryBackoffMs);
        this.allowAutoTopicCreation = allowAutoTopicCreation;
    }

    /** The latest snapshot (empty before the first successful response). */
    public Cluster cluster() {
        return cluster;
    }

    /** How many successful updates there have been; changes with every new snapshot. */
    public int updateCount() {
        return updateCount;
    }

    /** The last failure to get metadata (a connection error, a timeout), or null after a success. */
    public Throwable lastError() {
        return lastError;
    }

    public List<Node> bootstrapNodes() {
        return bootstrapNodes;
    }

    /** The topics the client asks about. */
    public Set<String> topics() {
        return Set.copyOf(topics);
    }

    /** Adds topics of interest; a topic not yet known triggers an update. */
    public void addTopics(Collection<String> names) {
        boolean added = false;
        for (String name : names) {
            added |= topics.add(name);
        }
        if (added) {
            requestRefresh();
        }
    }

    /** Stops asking about these topics (e.g. a producer's topic that timed out). */
    public void removeTopics(Collection<String> names) {
        topics.removeAll(names);
    }

    /** Replaces the topics of interest (e.g. a consumer's subscription) and triggers an update. */
    public void setTopics(Collection<String> names) {
        topics.retainAll(new HashSet<>(names));
        topics.addAll(names);
        requestRefresh();
    }

    /** Ask for every topic in the cluster (admin, pattern subscriptions) instead of a list. */
    public void setAllTopics(boolean all) {
        this.allTopics = all;
    }

    public void addListener(Consumer<Cluster> listener) {
        listeners.add(listener);
    }

    /**
     * Asks for an update as soon as possible; the future completes (on the I/O thread) with the first
     * snapshot from a request sent after this call. It never fails: failed attempts are retried
     * until it completes, so wait on it with a timeout.
     */
    public CompletableFuture<Cluster> requestUpdate() {
        CompletableFuture<Cluster> future = new CompletableFuture<>();
        client.execute(() -> {
            waitingForNextRequest.add(future);
            needUpdate = true;
            maybeUpdate();
        });
        return future;
    }

    /**
     * Asks for an update as soon as possible without a future to wait on: for callers that only
     * want fresher metadata eventually (a sender loop), so repeated calls cost nothing extra.
     */
    public void requestRefresh() {
        client.execute(() -> {
            needUpdate = true;
            maybeUpdate();
        });
    }

    /**
     * Reports an error a broker returned for a partition (or a failure to reach its leader) so that
     * the metadata is refreshed if the error means the leader may have moved.
     */
    public void onPartitionError(TopicPartition tp, Errors error) {
        if (error != Errors.NONE && (error.retriable() || error == Errors.UNKNOWN_TOPIC_OR_PARTITION
                || error == Errors.NOT_LEADER_OR_FOLLOWER || error == Errors.LEADER_NOT_AVAILABLE)) {
            log.debug("Refreshing metadata after {} for {}", error, tp);
            requestRefresh();
        }
    }

    /** A leader could not be reached: refresh, it may have moved. */
    public void onNodeFailure(int nodeId) {
        requestRefresh();
    }

    /**
     * Blocks until {@code topic} has partitions in the metadata (adding it to the topics of interest),
     * and returns them.
     *
     * @throws TimeoutException if they do not appear within {@code maxBlockMs}; the message names the
     *         last error (e.g. no bootstrap server reachable, the topic does not exist)
     * @throws ApiException for a topic error that waiting cannot cure (invalid name, not authorized)
     */
    public List<PartitionInfo> awaitPartitions(String topic, long maxBlockMs) {
        checkNotIoThread();
        List<PartitionInfo> known = cluster.partitionsFor(topic);
        if (!known.isEmpty() && topics.contains(topic)) {
            return known;
        }
        long deadline = System.nanoTime() + maxBlockMs * 1_000_000L;
        addTopics(List.of(topic));
        while (true) {
            Cluster current = cluster;
            List<PartitionInfo> partitions = current.partitionsFor(topic);
            if (!partitions.isEmpty()) {
                return partitions;
            }
            Errors error = current.topicError(topic);
            if (error == Errors.INVALID_TOPIC_EXCEPTION || error == Errors.TOPIC_AUTHORIZATION_FAILED) {
                throw new ApiException(error, "topic " + topic);
            }
            long remainingNanos = deadline - System.nanoTime();
            if (remainingNanos <= 0) {
                throw new TimeoutException("Topic " + topic + " not present in metadata after " + maxBlockMs + " ms"
                        + describeProblem(topic, current));
            }
            waitFor(requestUpdate(), remainingNanos);
        }
    }

    /** Requests an update and blocks until it arrives; returns the new snapshot. */
    public Cluster awaitUpdate(long maxWaitMs) {
        checkNotIoThread();
        CompletableFuture<Cluster> update = requestUpdate();
        if (!waitFor(update, maxWaitMs * 1_000_000L)) {
            Throwable error = lastError;
            throw new TimeoutException("No metadata received within " + maxWaitMs + " ms"
                    + (error == null ? "" : "; last error: " + error.getMessage()), error);
        }
        return update.join();
    }

    private String describeProblem(String topic, Cluster current) {
        Throwable error = lastError;
        if (updateCount == 0) {
            return "; could not get metadata from any of " + bootstrapNodes
                    + (error == null ? "" : " (last error: " + error.getMessage() + ")");
        }
        Errors topicError = current.topicError(topic);
        if (topicError != null && topicError != Errors.NONE) {
            return "; the broker answered " + topicError;
        }
        return error == null ? "" : "; last error: " + error.getMessage();
    }

    private static boolean waitFor(CompletableFuture<?> future, long nanos) {
        try {
            future.get(Math.max(0, nanos), java.util.concurrent.TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        } catch (ExecutionException e) {
            throw new SluiceException("Metadata update failed", e.getCause());
        }
    }

    private void checkNotIoThread() {
        if (client.isIoThread()) {
            throw new IllegalStateException("Blocking metadata wait on the network I/O thread");
        }
    }

    // ------------------------------------------------------------ I/O thread

    private void maybeUpdate() {
        if (inProgress || !needUpdate) {
            return;
        }
        long now = System.nanoTime();
        if (now - backoffUntilNanos < 0) {
            scheduleRetry((backoffUntilNanos - now) / 1_000_000L + 1);
            return;
        }
        Cluster current = cluster;
        Node node = client.leastLoadedNode(current.nodes().isEmpty() ? bootstrapNodes : current.nodes());
        if (node == null && !current.nodes().isEmpty()) {
            // Every known broker is backing off; the bootstrap addresses may still answer.
            node = client.leastLoadedNode(bootstrapNodes);
        }
        if (node == null) {
            scheduleRetry(retryBackoffMs);
            return;
        }
        inProgress = true;
        needUpdate = false;
        waitingForThisRequest.addAll(waitingForNextRequest);
        waitingForNextRequest.clear();
        List<String> requested = allTopics ? null : List.copyOf(topics);
        Struct body = Messages.request(ApiKeys.METADATA).newStruct();
        if (requested == null) {
            body.set("topics", null);
        } else {
            body.set("topics", new ArrayList<>());
            for (String topic : requested) {
                body.addElement("topics").set("name", topic);
            }
        }
        body.set("allow_auto_topic_creation", allowAutoTopicCreation);
        Node target = node;
        client.send(node, ClientRequest.of(ApiKeys.METADATA, body).versions(1, 12))
                .whenComplete((response, error) -> onResponse(target, requested, response, error));
    }

    private void onResponse(Node node, List<String> requested, ClientResponse response, Throwable error) {
        inProgress = false;
        long now = System.nanoTime();
        if (error != null) {
            lastError = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
            log.debug("Metadata request to {} failed: {}", node, lastError.getMessage());
            backoffUntilNanos = now + retryBackoffMs * 1_000_000L;
            needUpdate = true;
            // Those waiting for this request now wait for the next one.
            waitingForNextRequest.addAll(waitingForThisRequest);
            waitingForThisRequest.clear();
            maybeUpdate();
            return;
        }
        Cluster updated = merge(cluster, response.body(), requested);
        cluster = updated;
        lastError = null;
        lastSuccessNanos = now;
        updateCount++;
        boolean incomplete = false;
        for (String topic : topics) {
            List<PartitionInfo> partitions = updated.partitionsFor(topic);
            if (partitions.isEmpty() || updated.availablePartitionsFor(topic).size() < partitions.size()) {
                incomplete = true;
                break;
            }
        }
        List<CompletableFuture<Cluster>> done = new ArrayList<>(waitingForThisRequest);
        waitingForThisRequest.clear();
        for (Consumer<Cluster> listener : listeners) {
            try {
                listener.accept(updated);
            } catch (RuntimeException e) {
                log.error("Metadata listener failed", e);
            }
        }
        for (CompletableFuture<Cluster> future : done) {
            future.complete(updated);
        }
        if (incomplete) {
            // Topics being created or partitions without leader: look again soon.
            backoffUntilNanos = now + retryBackoffMs * 1_000_000L;
            needUpdate = true;
        }
        scheduleAgeRefresh();
        maybeUpdate();
    }

    private void scheduleRetry(long delayMs) {
        if (retryTimer != null) {
            retryTimer.cancel();
        }
        retryTimer = client.schedule(delayMs, () -> {
            retryTimer = null;
            maybeUpdate();
        });
    }

    private void scheduleAgeRefresh() {
        if (ageTimer != null) {
            ageTimer.cancel();
        }
        ageTimer = client.schedule(maxAgeMs, () -> {
            ageTimer = null;
            needUpdate = true;
            maybeUpdate();
        });
    }

    /** Builds the next snapshot from a response, keeping partitions whose known leader epoch is newer. */
    static Cluster merge(Cluster previous, Struct body, List<String> requested) {
        List<Node> nodes = new ArrayList<>();
        Map<Integer, Node> byId = new HashMap<>();
        for (Struct broker : body.<Struct>getArray("brokers")) {
            Node node = new Node(broker.getInt("node_id"), broker.getString("host"), broker.getInt("port"), broker.getString("rack"));
            nodes.add(node);
            byId.put(node.id(), node);
        }
        Map<String, List<PartitionInfo>> partitions = new HashMap<>();
        Map<String, Errors> errors = new HashMap<>();
        Map<String, UUID> ids = new HashMap<>();
        Set<String> internal = new HashSet<>();
        for (Struct topic : body.<Struct>getArray("topics")) {
            String name = topic.getString("name");
            if (name == null) {
                continue;
            }
            Errors topicError = Errors.forCode(topic.getShort("error_code"));
            errors.put(name, topicError);
            UUID id = topic.getUuid("topic_id");
            if (id != null && !(id.getMostSignificantBits() == 0 && id.getLeastSignificantBits() == 0)) {
                ids.put(name, id);
            }
            if (topic.getBool("is_internal")) {
                internal.add(name);
            }
            if (topicError != Errors.NONE) {
                continue;
            }
            boolean sameTopic = previous.topicId(name) == null || previous.topicId(name).equals(ids.get(name));
            List<PartitionInfo> list = new ArrayList<>();
            for (Struct partition : topic.<Struct>getArray("partitions")) {
                int index = partition.getInt("partition_index");
                int epoch = partition.getInt("leader_epoch");
                PartitionInfo old = previous.partition(new TopicPartition(name, index));
                if (sameTopic && old != null && epoch >= 0 && old.leaderEpoch() > epoch && old.leader() != null
                        && byId.containsKey(old.leader().id())) {
                    list.add(old);
                    continue;
                }
                list.add(new PartitionInfo(name, index, byId.get(partition.getInt("leader_id")), epoch,
                        nodesFor(partition.getArray("replica_nodes"), byId),
                        nodesFor(partition.getArray("isr_nodes"), byId),
                        nodesFor(partition.getArray("offline_replicas"), byId),
                        Errors.forCode(partition.getShort("error_code"))));
            }
            partitions.put(name, list);
        }
        int controllerId = body.getInt("controller_id");
        return new Cluster(body.getString("cluster_id"), nodes, byId.get(controllerId), partitions, errors, ids, internal);
    }

    private static List<Node> nodesFor(List<Integer> ids, Map<Integer, Node> byId) {
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        List<Node> out = new ArrayList<>(ids.size());
        for (int id : ids) {
            Node node = byId.get(id);
            out.add(node != null ? node : new Node(id, "", -1));
        }
        return out;
    }
}
