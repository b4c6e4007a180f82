package io.sluice.clients.consumer.internals;

import io.sluice.clients.common.ApiException;
import io.sluice.clients.common.NetworkException;
import io.sluice.clients.common.Node;
import io.sluice.clients.common.SluiceException;
import io.sluice.clients.common.TimeoutException;
import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.consumer.CommitFailedException;
import io.sluice.clients.consumer.ConsumerConfig;
import io.sluice.clients.consumer.ConsumerRebalanceListener;
import io.sluice.clients.consumer.OffsetAndMetadata;
import io.sluice.clients.consumer.OffsetCommitCallback;
import io.sluice.clients.consumer.assignor.Assignment;
import io.sluice.clients.consumer.assignor.Assignors;
import io.sluice.clients.consumer.assignor.ConsumerProtocol;
import io.sluice.clients.consumer.assignor.PartitionAssignor;
import io.sluice.clients.consumer.assignor.RebalanceProtocol;
import io.sluice.clients.consumer.assignor.Subscription;
import io.sluice.clients.metadata.Cluster;
import io.sluice.clients.network.ClientRequest;
import io.sluice.clients.network.ClientResponse;
import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Messages;
import io.sluice.protocol.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The member side of a classic consumer group: finding the coordinator, joining (JoinGroup with
 * the MEMBER_ID_REQUIRED round trip, SyncGroup, the leader running the assignor), heartbeats,
 * leaving, and committing and fetching offsets.
 *
 * <h2>Member states</h2>
 * <pre>
 * UNJOINED --JoinGroup sent--> PREPARING_REBALANCE --JoinGroup ok, SyncGroup sent--> COMPLETING_REBALANCE
 * COMPLETING_REBALANCE --SyncGroup ok--> STABLE
 * any --error that drops the membership (UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, poll timeout)--> UNJOINED
 * STABLE --REBALANCE_IN_PROGRESS, subscription or partition count change, cooperative revocation--> rejoin
 * </pre>
 *
 * <h2>Threads</h2>
 * The polling thread drives everything: it sends JoinGroup/SyncGroup/OffsetCommit, looks at their
 * futures when they are done, and runs the rebalance listener and commit callbacks (never the
 * network thread). A heartbeat thread sends Heartbeat every heartbeat.interval.ms while the member
 * is in a generation, marks the coordinator unknown when no heartbeat succeeded for
 * session.timeout.ms, and leaves the group when poll was not called for max.poll.interval.ms, as
 * Kafka's does. Group state shared with it (member id, generation, state, rejoin flag) is guarded
 * by this object's monitor; the monitor is never held while waiting on the network or running
 * application callbacks.
 *
 * <p>The coordinator gets its own connection: its node id is {@code Integer.MAX_VALUE - brokerId},
 * so group requests never queue behind long-polling fetches to the same broker.
 */
public final class ConsumerCoordinator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsumerCoordinator.class);

    public enum MemberState { UNJOINED, PREPARING_REBALANCE, COMPLETING_REBALANCE, STABLE }

    private final ConsumerNetwork network;
    private final ConsumerConfig config;
    private final SubscriptionState subscriptions;
    private final Fetcher<?, ?> fetcher;
    private final List<PartitionAssignor> assignors;
    private final RebalanceProtocol protocol;
    private final String groupId;
    private final String instanceId;
    private final ConcurrentLinkedQueue<Runnable> completedCommits = new ConcurrentLinkedQueue<>();
    private final Thread heartbeatThread;

    // ---- guarded by this
    private Node coordinator;
    private String memberId = "";
    private int generation = -1;
    private String protocolName;
    private MemberState state = MemberState.UNJOINED;
    private boolean rejoinNeeded = true;
    private boolean partitionsLost;
    private boolean heartbeatInFlight;
    private long lastHeartbeatSendNanos;
    private long lastHeartbeatOkNanos;
    private long lastPollNanos = System.nanoTime();
    private RuntimeException fatalError;
    private boolean closed;

    // ---- polling thread only
    private CompletableFuture<ClientResponse> findCoordinatorFuture;
    private CompletableFuture<ClientResponse> joinFuture;
    private CompletableFuture<ClientResponse> syncFuture;
    private boolean joinPrepared;
    private long retryAtNanos;
    /** The topics named in the JoinGroup in flight (what the leader assigns from). */
    private Set<String> joiningSubscription = Set.of();
    /**
     * The topics named in the JoinGroup of the current generation. Compared with the subscription
     * to decide a rejoin, so it must be what was SENT: a pattern may match more topics by the time
     * the generation completes, and that change still needs a rejoin.
     */
    private Set<String> joinedSubscription = Set.of();
    /** Pattern subscriptions: the metadata update (all topics) the next JoinGroup waits for. */
    private CompletableFuture<Cluster> patternMetadataUpdate;
    private Map<String, Integer> joinedPartitionCounts = Map.of();
    /** As the leader: partition counts of every topic of the group at the last assignment. */
    private Map<String, Integer> leaderPartitionCounts = Map.of();
    private long nextAutoCommitNanos;
    private CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> committedFetch;
    private Set<TopicPartition> committedFetchPartitions = Set.of();

    public ConsumerCoordinator(ConsumerNetwork network, ConsumerConfig config, SubscriptionState subscriptions,
                               Fetcher<?, ?> fetcher, String clientId) {
        this.network = network;
        this.config = config;
        this.subscriptions = subscriptions;
        this.fetcher = fetcher;
        this.assignors = Assignors.createAll(config.assignmentStrategy());
        this.protocol = Assignors.protocolOf(assignors);
        this.groupId = config.groupId();
        this.instanceId = config.groupInstanceId();
        this.nextAutoCommitNanos = System.nanoTime() + config.autoCommitIntervalMs() * 1_000_000L;
        this.heartbeatThread = new Thread(this::heartbeatLoop, "sluice-coordinator-heartbeat-" + clientId + "-" + groupId);
        this.heartbeatThread.setDaemon(true);
        this.heartbeatThread.start();
    }

    public RebalanceProtocol rebalanceProtocol() {
        return protocol;
    }

    public synchronized MemberState state() {
        return state;
    }

    public synchronized int generation() {
        return generation;
    }

    public synchronized String memberId() {
        return memberId;
    }

    // ----------------------------------------------------------------------------- poll driver

    /**
     * One non-blocking step of group work on the polling thread: records the poll, runs finished
     * commit callbacks, finds the coordinator, advances a rebalance, and auto-commits when due.
     * Throws a fatal group error (e.g. FENCED_INSTANCE_ID, INCONSISTENT_GROUP_PROTOCOL).
     */
    public void poll() {
        long now = System.nanoTime();
        synchronized (this) {
            lastPollNanos = now;
            if (fatalError != null) {
                RuntimeException e = fatalError;
                fatalError = null;
                throw e;
            }
        }
        invokeCompletedCommitCallbacks();
        if (!subscriptions.hasAutoAssignment()) {
            return;
        }
        if (subscriptions.mode() == SubscriptionState.Mode.AUTO_PATTERN) {
            matchPattern(network.metadata().cluster());
        }
        if (!coordinatorReady(now)) {
            return;
        }
        if (needsRejoin()) {
            stepRebalance(now);
        }
        maybeAutoCommit(now);
    }

    /** Re-evaluates the pattern against the topics of {@code cluster} (internal topics never match). */
    private void matchPattern(Cluster cluster) {
        List<String> visible = cluster.topics().stream().filter(t -> !cluster.isInternal(t)).toList();
        if (subscriptions.updateMatchedTopics(visible)) {
            log.info("Pattern {} of group {} now matches {}", subscriptions.pattern(), groupId,
                    new TreeSet<>(subscriptions.subscribedTopics()));
        }
    }

    /**
     * Pattern subscriptions join only after a metadata response for ALL topics that was requested
     * after the rejoin became necessary, as Kafka's consumer does: the first join would otherwise
     * race the first metadata response and subscribe to nothing (an extra, empty rebalance), and
     * members refreshing before they rejoin agree sooner on a newly created topic. Non-blocking:
     * false until that response arrived; then the pattern has been matched against it.
     */
    private boolean patternMetadataFresh() {
        if (subscriptions.mode() != SubscriptionState.Mode.AUTO_PATTERN) {
            return true;
        }
        if (patternMetadataUpdate == null) {
            // subscribe(Pattern) switched the metadata to all topics before this request is sent.
            patternMetadataUpdate = network.metadata().requestUpdate();
            patternMetadataUpdate.thenRun(network::signal);
            return false;
        }
        if (!patternMetadataUpdate.isDone()) {
            return false;
        }
        Cluster cluster = patternMetadataUpdate.join();
        patternMetadataUpdate = null;
        matchPattern(cluster);
        return true;
    }

    /** True while a rebalance must run or is running. */
    public boolean needsRejoin() {
        synchronized (this) {
            if (rejoinNeeded || state != MemberState.STABLE) {
                return true;
            }
        }
        if (!joinedSubscription.equals(subscriptions.subscribedTopics())) {
            return true;
        }
        Cluster cluster = network.metadata().cluster();
        return partitionCountChanged(cluster, joinedPartitionCounts) || partitionCountChanged(cluster, leaderPartitionCounts);
    }

    private static boolean partitionCountChanged(Cluster cluster, Map<String, Integer> counts) {
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            int now = cluster.partitionCount(e.getKey());
            if (now > 0 && now != e.getValue()) {
                log.info("Partition count of {} changed from {} to {}: rejoining", e.getKey(), e.getValue(), now);
                return true;
            }
        }
        return false;
    }

    /** True when the member has a generation and nothing to do for a rebalance. */
    public synchronized boolean isStable() {
        return state == MemberState.STABLE && !rejoinNeeded;
    }

    // ------------------------------------------------------------------------------ coordinator

    private boolean coordinatorReady(long now) {
        synchronized (this) {
            if (coordinator != null) {
                return true;
            }
        }
        if (findCoordinatorFuture == null) {
            if (now - retryAtNanos < 0) {
                return false;
            }
            Cluster cluster = network.metadata().cluster();
            Node node = network.client().leastLoadedNode(cluster.nodes().isEmpty() ? network.metadata().bootstrapNodes() : cluster.nodes());
            if (node == null) {
                network.metadata().requestUpdate();
                retryAtNanos = now + config.retryBackoffMs() * 1_000_000L;
                return false;
            }
            Struct body = Messages.request(ApiKeys.FIND_COORDINATOR).newStruct()
                    .set("key", groupId).set("key_type", (byte) 0);
            findCoordinatorFuture = network.send(node, ClientRequest.of(ApiKeys.FIND_COORDINATOR, body).versions(0, 3));
            return false;
        }
        if (!findCoordinatorFuture.isDone()) {
            return false;
        }
        CompletableFuture<ClientResponse> f = findCoordinatorFuture;
        findCoordinatorFuture = null;
        if (f.isCompletedExceptionally()) {
            log.debug("FindCoordinator for {} failed: {}", groupId, f.handle((r, e) -> e).join().toString());
            retryAtNanos = now + config.retryBackoffMs() * 1_000_000L;
            return false;
        }
        Struct body = f.join().body();
        Errors error = Errors.forCode(body.getShort("error_code"));
        if (error != Errors.NONE) {
            if (error == Errors.GROUP_AUTHORIZATION_FAILED || error == Errors.INVALID_GROUP_ID) {
                throw new ApiException(error, "group " + groupId);
            }
            log.debug("FindCoordinator for {} returned {}", groupId, error);
            retryAtNanos = now + config.retryBackoffMs() * 1_000_000L;
            return false;
        }
        Node found = new Node(Integer.MAX_VALUE - body.getInt("node_id"), body.getString("host"), body.getInt("port"));
        synchronized (this) {
            coordinator = found;
            lastHeartbeatOkNanos = now;
        }
        log.info("Discovered group coordinator {} for group {}", found.address(), groupId);
        return true;
    }

    /** Blocks until the coordinator is known. */
    public void awaitCoordinator(long deadlineNanos) {
        while (true) {
            long seen = network.activity();
            if (coordinatorReady(System.nanoTime())) {
                return;
            }
            long leftMs = (deadlineNanos - System.nanoTime()) / 1_000_000L;
            if (leftMs <= 0) {
                throw new TimeoutException("Timed out finding the coordinator of group " + groupId);
            }
            network.await(seen, Math.min(leftMs, config.retryBackoffMs()));
        }
    }

    private synchronized void markCoordinatorUnknown(String why) {
        if (coordinator != null) {
            log.info("Group coordinator {} of {} is unavailable ({}); looking it up again", coordinator.address(), groupId, why);
            network.client().disconnect(coordinator.id());
            coordinator = null;
        }
    }

    private synchronized Node coordinator() {
        return coordinator;
    }

    // -------------------------------------------------------------------------------- rebalance

    private void stepRebalance(long now) {
        if (joinFuture == null && syncFuture == null) {
            if (now - retryAtNanos < 0) {
                return;
            }
            if (!patternMetadataFresh()) {
                return;
            }
            if (!joinPrepared) {
                onJoinPrepare();
                joinPrepared = true;
            }
            sendJoinGroup();
            return;
        }
        if (joinFuture != null && joinFuture.isDone()) {
            CompletableFuture<ClientResponse> f = joinFuture;
            joinFuture = null;
            handleJoinResponse(f, now);
        }
        if (syncFuture != null && syncFuture.isDone()) {
            CompletableFuture<ClientResponse> f = syncFuture;
            syncFuture = null;
            handleSyncResponse(f, now);
        }
    }

    private void sendJoinGroup() {
        Node node;
        String member;
        synchronized (this) {
            node = coordinator;
            member = memberId;
            state = MemberState.PREPARING_REBALANCE;
            rejoinNeeded = false;
        }
        if (node == null) {
            return;
        }
        leaderPartitionCounts = Map.of();
        List<String> topics = new ArrayList<>(new TreeSet<>(subscriptions.subscribedTopics()));
        joiningSubscription = Set.copyOf(topics);
        network.metadata().addTopics(topics);
        Struct body = Messages.request(ApiKeys.JOIN_GROUP).newStruct()
                .set("group_id", groupId)
                .set("session_timeout_ms", config.sessionTimeoutMs())
                .set("rebalance_timeout_ms", config.maxPollIntervalMs())
                .set("member_id", member)
                .set("group_instance_id", instanceId)
                .set("protocol_type", ConsumerProtocol.PROTOCOL_TYPE);
        List<TopicPartition> owned = protocol == RebalanceProtocol.COOPERATIVE ? subscriptions.assignedPartitionsList() : List.of();
        int gen = generation();
        for (PartitionAssignor a : assignors) {
            ByteBuffer userData = a.subscriptionUserData(Set.copyOf(topics));
            Subscription s = new Subscription(topics, userData, owned, gen, config.clientRack(), null);
            body.addElement("protocols").set("name", a.name()).set("metadata", ConsumerProtocol.encodeSubscription(s));
        }
        // The coordinator holds JoinGroup until every member rejoined or the rebalance timeout passed.
        long timeout = Math.max(config.requestTimeoutMs(), config.maxPollIntervalMs() + 5_000L);
        int minVersion = instanceId != null ? 5 : 0;
        joinFuture = network.send(node, ClientRequest.of(ApiKeys.JOIN_GROUP, body).versions(minVersion, 9).timeoutMs(timeout));
        log.info("(Re-)joining group {} as {}", groupId, member.isEmpty() ? "a new member" : member);
    }

    private void handleJoinResponse(CompletableFuture<ClientResponse> f, long now) {
        if (f.isCompletedExceptionally()) {
            Throwable e = f.handle((r, t) -> t).join();
            log.info("JoinGroup of {} failed: {}", groupId, e.toString());
            markCoordinatorUnknown("JoinGroup failed");
            retryLater(now);
            return;
        }
        Struct body = f.join().body();
        Errors error = Errors.forCode(body.getShort("error_code"));
        switch (error) {
            case NONE -> {
                String leader = body.getString("leader");
                String me = body.getString("member_id");
                int gen = body.getInt("generation_id");
                String chosen = body.getString("protocol_name");
                synchronized (this) {
                    memberId = me;
                    generation = gen;
                    protocolName = chosen;
                    state = MemberState.COMPLETING_REBALANCE;
                    lastHeartbeatOkNanos = now;
                    lastHeartbeatSendNanos = now;
                }
                Struct sync = Messages.request(ApiKeys.SYNC_GROUP).newStruct()
                        .set("group_id", groupId).set("generation_id", gen).set("member_id", me)
                        .set("group_instance_id", instanceId)
                        .set("protocol_type", ConsumerProtocol.PROTOCOL_TYPE).set("protocol_name", chosen);
                if (me.equals(leader)) {
                    Map<String, Assignment> assignment = performAssignment(chosen, body.getArray("members"));
                    assignment.forEach((m, a) -> sync.addElement("assignments").set("member_id", m)
                            .set("assignment", ConsumerProtocol.encodeAssignment(a)));
                }
                Node node = coordinator();
                if (node == null) {
                    requestRejoin("coordinator lost before SyncGroup");
                    return;
                }
                syncFuture = network.send(node, ClientRequest.of(ApiKeys.SYNC_GROUP, sync).versions(0, 5)
                        .timeoutMs(Math.max(config.requestTimeoutMs(), config.maxPollIntervalMs() + 5_000L)));
            }
            case MEMBER_ID_REQUIRED -> {
                synchronized (this) {
                    memberId = body.getString("member_id");
                    rejoinNeeded = true;
                    state = MemberState.UNJOINED;
                }
                sendJoinGroup();
            }
            case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION -> {
                resetGeneration(error == Errors.UNKNOWN_MEMBER_ID, "JoinGroup returned " + error);
                sendJoinGroup();
            }
            case COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR -> {
                markCoordinatorUnknown("JoinGroup returned " + error);
                requestRejoin(error.name());
                retryLater(now);
            }
            case COORDINATOR_LOAD_IN_PROGRESS, REBALANCE_IN_PROGRESS -> {
                requestRejoin(error.name());
                retryLater(now);
            }
            default -> {
                synchronized (this) {
                    state = MemberState.UNJOINED;
                    rejoinNeeded = true;
                }
                retryLater(now);
                throw new ApiException(error, "JoinGroup of group " + groupId);
            }
        }
    }

    private Map<String, Assignment> performAssignment(String protocolName, List<Struct> members) {
        PartitionAssignor assignor = assignorFor(protocolName);
        Map<String, Subscription> subscriptionsByMember = new HashMap<>();
        Set<String> allTopics = new TreeSet<>();
        for (Struct m : members) {
            Subscription s = ConsumerProtocol.decodeSubscription(m.getBytes("metadata"))
                    .withGroupInstanceId(m.getString("group_instance_id"));
            subscriptionsByMember.put(m.getString("member_id"), s);
            allTopics.addAll(s.topics());
        }
        network.metadata().addTopics(allTopics);
        Cluster known = network.metadata().cluster();
        Cluster cluster = allTopics.stream().anyMatch(t -> known.partitionCount(t) < 0 && known.topicError(t) == null)
                // Other members subscribe to topics this member never asked metadata for.
                ? network.metadata().awaitUpdate(config.requestTimeoutMs())
                : known;
        Map<String, Integer> counts = new HashMap<>();
        for (String t : allTopics) {
            int n = cluster.partitionCount(t);
            if (n > 0) {
                counts.put(t, n);
            }
        }
        // Only the leader watches topics that other members subscribe to (metadata keeps them fresh).
        leaderPartitionCounts = Map.copyOf(counts);
        log.info("Leader of {} assigning {} with {} to {} members", groupId, counts, protocolName, members.size());
        return assignor.assign(counts, subscriptionsByMember);
    }

    private PartitionAssignor assignorFor(String name) {
        for (PartitionAssignor a : assignors) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        throw new SluiceException("The coordinator chose assignor " + name + " that this consumer does not have");
    }

    private void handleSyncResponse(CompletableFuture<ClientResponse> f, long now) {
        if (f.isCompletedExceptionally()) {
            log.info("SyncGroup of {} failed: {}", groupId, f.handle((r, t) -> t).join().toString());
            markCoordinatorUnknown("SyncGroup failed");
            requestRejoin("SyncGroup failed");
            retryLater(now);
            return;
        }
        Struct body = f.join().body();
        Errors error = Errors.forCode(body.getShort("error_code"));
        switch (error) {
            case NONE -> {
                synchronized (this) {
                    if (state != MemberState.COMPLETING_REBALANCE) {
                        // The heartbeat thread dropped the membership meanwhile.
                        return;
                    }
                    state = MemberState.STABLE;
                    lastHeartbeatOkNanos = now;
                }
                joinPrepared = false;
                ByteBuffer bytes = body.getBytes("assignment");
                onJoinComplete(bytes == null ? ByteBuffer.allocate(0) : bytes);
            }
            case REBALANCE_IN_PROGRESS -> requestRejoin("SyncGroup: rebalance in progress");
            case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION -> resetGeneration(error == Errors.UNKNOWN_MEMBER_ID, "SyncGroup returned " + error);
            case COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR -> {
                markCoordinatorUnknown("SyncGroup returned " + error);
                requestRejoin(error.name());
                retryLater(now);
            }
            default -> {
                requestRejoin(error.name());
                retryLater(now);
                throw new ApiException(error, "SyncGroup of group " + groupId);
            }
        }
    }

    private void retryLater(long now) {
        retryAtNanos = now + config.retryBackoffMs() * 1_000_000L;
    }

    private synchronized void requestRejoin(String why) {
        log.debug("Group {} needs a rejoin: {}", groupId, why);
        rejoinNeeded = true;
        if (state != MemberState.STABLE) {
            state = MemberState.UNJOINED;
        }
    }

    /** The membership is gone: the partitions we own are lost (another member may have them). */
    private synchronized void resetGeneration(boolean resetMemberId, String why) {
        log.info("Member {} of group {} lost its generation {}: {}", memberId, groupId, generation, why);
        generation = -1;
        if (resetMemberId) {
            memberId = "";
        }
        state = MemberState.UNJOINED;
        rejoinNeeded = true;
        partitionsLost = true;
    }

    /** Before (re)joining: commit, then revoke what the protocol says must be revoked. */
    private void onJoinPrepare() {
        boolean lost;
        synchronized (this) {
            lost = partitionsLost || generation < 0;
            partitionsLost = false;
        }
        if (config.enableAutoCommit() && !lost && !subscriptions.assignedPartitions().isEmpty()) {
            try {
                commitSync(subscriptions.allConsumed(), System.nanoTime() + config.requestTimeoutMs() * 1_000_000L);
            } catch (RuntimeException e) {
                log.warn("Auto-commit before rebalance of {} failed: {}", groupId, e.toString());
            }
        }
        Set<TopicPartition> owned = subscriptions.assignedPartitions();
        ConsumerRebalanceListener listener = subscriptions.listener();
        if (lost) {
            if (!owned.isEmpty()) {
                dropAssignment(owned);
                listener.onPartitionsLost(owned);
            }
            return;
        }
        if (protocol == RebalanceProtocol.EAGER) {
            if (!owned.isEmpty()) {
                listener.onPartitionsRevoked(owned);
                dropAssignment(owned);
            }
        } else {
            Set<TopicPartition> unsubscribed = new HashSet<>();
            for (TopicPartition tp : owned) {
                if (!subscriptions.subscribedTopics().contains(tp.topic())) {
                    unsubscribed.add(tp);
                }
            }
            if (!unsubscribed.isEmpty()) {
                listener.onPartitionsRevoked(unsubscribed);
                dropAssignment(unsubscribed);
            }
        }
    }

    private void dropAssignment(Set<TopicPartition> gone) {
        List<TopicPartition> keep = new ArrayList<>(subscriptions.assignedPartitionsList());
        keep.removeAll(gone);
        subscriptions.assignFromSubscribed(keep);
        fetcher.clearBuffered(gone);
    }

    private void onJoinComplete(ByteBuffer assignmentBytes) {
        Assignment assignment;
        try {
            assignment = ConsumerProtocol.decodeAssignment(assignmentBytes);
        } catch (IllegalArgumentException e) {
            log.error("Unreadable assignment from the leader of {}: {}", groupId, e.getMessage());
            requestRejoin("unreadable assignment");
            return;
        }
        String chosen;
        int gen;
        synchronized (this) {
            chosen = protocolName;
            gen = generation;
        }
        assignorFor(chosen).onAssignment(assignment, gen);
        joinedSubscription = joiningSubscription;
        Cluster cluster = network.metadata().cluster();
        Map<String, Integer> counts = new HashMap<>();
        for (String t : joinedSubscription) {
            int n = cluster.partitionCount(t);
            if (n > 0) {
                counts.put(t, n);
            }
        }
        joinedPartitionCounts = counts;

        List<TopicPartition> assigned = new ArrayList<>();
        for (TopicPartition tp : assignment.partitions()) {
            if (subscriptions.subscribedTopics().contains(tp.topic())) {
                assigned.add(tp);
            } else {
                requestRejoin("assigned a partition of a topic we no longer subscribe to: " + tp);
            }
        }
        Set<TopicPartition> owned = subscriptions.assignedPartitions();
        ConsumerRebalanceListener listener = subscriptions.listener();
        log.info("Member {} of {} got generation {} with {}: {}", memberId(), groupId, gen, chosen, assigned);
        if (protocol == RebalanceProtocol.EAGER) {
            subscriptions.assignFromSubscribed(assigned);
            listener.onPartitionsAssigned(assigned);
            return;
        }
        Set<TopicPartition> revoked = new HashSet<>(owned);
        revoked.removeAll(assigned);
        List<TopicPartition> added = new ArrayList<>(assigned);
        added.removeAll(owned);
        if (!revoked.isEmpty()) {
            if (config.enableAutoCommit()) {
                Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>(subscriptions.allConsumed());
                offsets.keySet().retainAll(revoked);
                try {
                    commitSync(offsets, System.nanoTime() + config.requestTimeoutMs() * 1_000_000L);
                } catch (RuntimeException e) {
                    log.warn("Committing revoked partitions of {} failed: {}", groupId, e.toString());
                }
            }
            listener.onPartitionsRevoked(revoked);
        }
        subscriptions.assignFromSubscribed(assigned);
        fetcher.clearBuffered(revoked);
        listener.onPartitionsAssigned(added);
        if (!revoked.isEmpty()) {
            // Second phase of the cooperative protocol: the partitions we gave up can now move.
            requestRejoin("cooperative revocation of " + revoked);
        }
    }

    // ------------------------------------------------------------------------------ heartbeats

    private void heartbeatLoop() {
        while (true) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                try {
                    heartbeatStep(System.nanoTime());
                    wait(Math.max(10, Math.min(100, config.heartbeatIntervalMs() / 2)));
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.error("Heartbeat thread of {} failed", groupId, e);
                }
            }
        }
    }

    /** Runs with the monitor held; only sends (never waits). */
    private void heartbeatStep(long now) {
        if (coordinator == null || (state != MemberState.STABLE && state != MemberState.COMPLETING_REBALANCE)) {
            return;
        }
        if (state == MemberState.STABLE && now - lastPollNanos > config.maxPollIntervalMs() * 1_000_000L) {
            log.warn("Consumer poll timeout has expired: poll() was not called for more than max.poll.interval.ms={}"
                    + " ms; leaving group {} so its partitions can be reassigned", config.maxPollIntervalMs(), groupId);
            sendLeaveGroup("consumer poll timeout has expired");
            generation = -1;
            memberId = instanceId == null ? "" : memberId;
            state = MemberState.UNJOINED;
            rejoinNeeded = true;
            partitionsLost = true;
            return;
        }
        if (now - lastHeartbeatOkNanos > config.sessionTimeoutMs() * 1_000_000L) {
            markCoordinatorUnknown("no successful heartbeat within session.timeout.ms");
            return;
        }
        if (heartbeatInFlight || now - lastHeartbeatSendNanos < config.heartbeatIntervalMs() * 1_000_000L) {
            return;
        }
        heartbeatInFlight = true;
        lastHeartbeatSendNanos = now;
        int gen = generation;
        String member = memberId;
        Struct body = Messages.request(ApiKeys.HEARTBEAT).newStruct()
                .set("group_id", groupId).set("generation_id", gen).set("member_id", member)
                .set("group_instance_id", instanceId);
        network.send(coordinator, ClientRequest.of(ApiKeys.HEARTBEAT, body).versions(0, 4))
                .whenComplete((r, e) -> onHeartbeatResponse(r, e, gen));
    }

    private synchronized void onHeartbeatResponse(ClientResponse response, Throwable failure, int sentGeneration) {
        heartbeatInFlight = false;
        if (failure != null) {
            markCoordinatorUnknown("heartbeat failed: " + failure);
            return;
        }
        if (sentGeneration != generation) {
            return; // an answer about a generation we already left
        }
        Errors error = Errors.forCode(response.body().getShort("error_code"));
        switch (error) {
            case NONE -> lastHeartbeatOkNanos = System.nanoTime();
            case REBALANCE_IN_PROGRESS -> {
                lastHeartbeatOkNanos = System.nanoTime();
                if (state == MemberState.STABLE) {
                    log.info("Group {} is rebalancing; rejoining", groupId);
                    rejoinNeeded = true;
                }
            }
            case ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID -> resetGeneration(error == Errors.UNKNOWN_MEMBER_ID, "Heartbeat returned " + error);
            case COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR -> markCoordinatorUnknown("Heartbeat returned " + error);
            case FENCED_INSTANCE_ID -> {
                fatalError = new ApiException(error, "static member " + instanceId + " was fenced by another instance");
                state = MemberState.UNJOINED;
            }
            default -> log.warn("Heartbeat of {} returned {}", groupId, error);
        }
        notifyAll();
    }

    /** Sends LeaveGroup for a dynamic member; static members keep their place until the session times out. */
    private synchronized CompletableFuture<ClientResponse> sendLeaveGroup(String reason) {
        if (instanceId != null || memberId.isEmpty() || coordinator == null) {
            return CompletableFuture.completedFuture(null);
        }
        Struct body = Messages.request(ApiKeys.LEAVE_GROUP).newStruct()
                .set("group_id", groupId).set("member_id", memberId);
        body.addElement("members").set("member_id", memberId).set("group_instance_id", null).set("reason", reason);
        log.info("Member {} leaving group {}: {}", memberId, groupId, reason);
        return network.send(coordinator, ClientRequest.of(ApiKeys.LEAVE_GROUP, body).versions(0, 5));
    }

    // --------------------------------------------------------------------------------- offsets

    private void maybeAutoCommit(long now) {
        if (!config.enableAutoCommit() || now - nextAutoCommitNanos < 0) {
            return;
        }
        nextAutoCommitNanos = now + config.autoCommitIntervalMs() * 1_000_000L;
        Map<TopicPartition, OffsetAndMetadata> offsets = subscriptions.allConsumed();
        if (!offsets.isEmpty()) {
            commitAsync(offsets, (o, e) -> {
                if (e != null) {
                    log.warn("Auto-commit of {} for group {} failed: {}", o.keySet(), groupId, e.toString());
                }
            });
        }
    }

    /** Commits at the end of poll/close when auto-commit is on (synchronously). */
    public void maybeAutoCommitSync(long deadlineNanos) {
        if (config.enableAutoCommit()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = subscriptions.allConsumed();
            if (!offsets.isEmpty()) {
                try {
                    commitSync(offsets, deadlineNanos);
                } catch (RuntimeException e) {
                    log.warn("Auto-commit of group {} failed: {}", groupId, e.toString());
                }
            }
        }
    }

    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, long deadlineNanos) {
        invokeCompletedCommitCallbacks();
        if (offsets.isEmpty()) {
            return;
        }
        while (true) {
            awaitCoordinator(deadlineNanos);
            int sentGeneration = generation();
            CompletableFuture<ClientResponse> f = sendOffsetCommit(offsets);
            RuntimeException error;
            try {
                error = commitError(network.get(f, deadlineNanos, "OffsetCommit"), sentGeneration);
            } catch (TimeoutException e) {
                throw e;
            } catch (NetworkException e) {
                markCoordinatorUnknown("OffsetCommit failed");
                error = e;
            }
            if (error == null) {
                return;
            }
            if (!ApiException.isRetriable(error) || error instanceof ApiException a && a.error() == Errors.REBALANCE_IN_PROGRESS) {
                throw error;
            }
            long leftMs = (deadlineNanos - System.nanoTime()) / 1_000_000L;
            if (leftMs <= 0) {
                throw new TimeoutException("Timed out committing offsets: " + error.getMessage());
            }
            long seen = network.activity();
            network.await(seen, Math.min(leftMs, config.retryBackoffMs()));
        }
    }

    public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        Map<TopicPartition, OffsetAndMetadata> copy = Map.copyOf(offsets);
        int sentGeneration = generation();
        CompletableFuture<ClientResponse> f;
        if (coordinator() != null) {
            f = sendOffsetCommit(copy);
        } else {
            f = CompletableFuture.failedFuture(new ApiException(Errors.COORDINATOR_NOT_AVAILABLE, "group " + groupId));
            coordinatorReady(System.nanoTime());
        }
        f.whenComplete((r, e) -> {
            RuntimeException error;
            if (e != null) {
                error = e instanceof RuntimeException re ? re : new SluiceException("OffsetCommit failed", e);
                if (e instanceof NetworkException) {
                    markCoordinatorUnknown("OffsetCommit failed");
                }
            } else {
                error = commitError(r, sentGeneration);
            }
            completedCommits.add(() -> {
                if (callback != null) {
                    callback.onComplete(copy, error);
                }
            });
            network.signal();
        });
    }

    public void invokeCompletedCommitCallbacks() {
        Runnable r;
        while ((r = completedCommits.poll()) != null) {
            r.run();
        }
    }

    private CompletableFuture<ClientResponse> sendOffsetCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        int gen;
        String member;
        Node node;
        synchronized (this) {
            boolean grouped = subscriptions.hasAutoAssignment();
            gen = grouped ? generation : -1;
            member = grouped ? memberId : "";
            node = coordinator;
        }
        if (node == null) {
            return CompletableFuture.failedFuture(new ApiException(Errors.COORDINATOR_NOT_AVAILABLE, "group " + groupId));
        }
        if (subscriptions.hasAutoAssignment() && gen < 0) {
            return CompletableFuture.failedFuture(new CommitFailedException("the member has no generation; it is rejoining"));
        }
        Struct body = Messages.request(ApiKeys.OFFSET_COMMIT).newStruct()
                .set("group_id", groupId).set("generation_id_or_member_epoch", gen).set("member_id", member)
                .set("group_instance_id", instanceId);
        Map<String, Struct> topics = new LinkedHashMap<>();
        offsets.forEach((tp, om) -> topics.computeIfAbsent(tp.topic(), t -> body.addElement("topics").set("name", t))
                .addElement("partitions").set("partition_index", tp.partition()).set("committed_offset", om.offset())
                .set("committed_leader_epoch", om.leaderEpoch().orElse(-1)).set("committed_metadata", om.metadata()));
        return network.send(node, ClientRequest.of(ApiKeys.OFFSET_COMMIT, body).versions(2, 8));
    }

    /**
     * Null when every partition was committed, else the first error as an exception. A fencing
     * error drops the membership only if it is about the generation we are still in: a commit sent
     * before a rebalance may come back after we already joined the next generation.
     */
    private RuntimeException commitError(ClientResponse response, int sentGeneration) {
        for (Struct topic : response.body().<Struct>getArray("topics")) {
            for (Struct p : topic.<Struct>getArray("partitions")) {
                Errors error = Errors.forCode(p.getShort("error_code"));
                if (error == Errors.NONE) {
                    continue;
                }
                switch (error) {
                    case COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR, REQUEST_TIMED_OUT -> markCoordinatorUnknown("OffsetCommit returned " + error);
                    case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, FENCED_INSTANCE_ID -> {
                        synchronized (this) {
                            if (sentGeneration == generation && state == MemberState.STABLE) {
                                resetGeneration(error == Errors.UNKNOWN_MEMBER_ID, "OffsetCommit returned " + error);
                            }
                        }
                        return new CommitFailedException(error.name());
                    }
                    case REBALANCE_IN_PROGRESS -> requestRejoin("OffsetCommit returned " + error);
                    default -> {
                    }
                }
                return new ApiException(error, "committing " + topic.getString("name") + "-" + p.getInt("partition_index"));
            }
        }
        return null;
    }

    /** The committed offsets of these partitions (absent: none committed). Blocks until the deadline. */
    public Map<TopicPartition, OffsetAndMetadata> fetchCommitted(Collection<TopicPartition> partitions, long deadlineNanos) {
        while (true) {
            awaitCoordinator(deadlineNanos);
            try {
                return network.get(sendOffsetFetch(partitions), deadlineNanos, "OffsetFetch");
            } catch (TimeoutException e) {
                throw e;
            } catch (RuntimeException e) {
                if (!ApiException.isRetriable(e) && !(e instanceof NetworkException)) {
                    throw e;
                }
                long leftMs = (deadlineNanos - System.nanoTime()) / 1_000_000L;
                if (leftMs <= 0) {
                    throw new TimeoutException("Timed out fetching committed offsets: " + e.getMessage());
                }
                long seen = network.activity();
                network.await(seen, Math.min(leftMs, config.retryBackoffMs()));
            }
        }
    }

    /**
     * Gives positions to partitions that have none yet from the committed offsets (asynchronously,
     * one OffsetFetch at a time); partitions without a commit get a reset by auto.offset.reset.
     */
    public void refreshCommittedOffsets() {
        if (committedFetch != null) {
            if (!committedFetch.isDone()) {
                return;
            }
            CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> f = committedFetch;
            Set<TopicPartition> asked = committedFetchPartitions;
            committedFetch = null;
            if (f.isCompletedExceptionally()) {
                Throwable e = f.handle((r, t) -> t).join();
                if (!ApiException.isRetriable(e) && !(e instanceof NetworkException)) {
                    throw e instanceof RuntimeException re ? re : new SluiceException("OffsetFetch failed", e);
                }
                retryLater(System.nanoTime());
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = f.join();
            for (TopicPartition tp : asked) {
                if (!subscriptions.isAssigned(tp) || subscriptions.position(tp) != null) {
                    continue;
                }
                OffsetAndMetadata om = committed.get(tp);
                if (om != null) {
                    subscriptions.seek(tp, om.offset(), om.leaderEpoch());
                } else {
                    subscriptions.requestReset(tp, subscriptions.defaultReset());
                }
            }
        }
        List<TopicPartition> needed = subscriptions.initializingPartitions();
        if (needed.isEmpty() || !coordinatorReady(System.nanoTime())) {
            return;
        }
        committedFetchPartitions = Set.copyOf(needed);
        committedFetch = sendOffsetFetch(needed);
    }

    private CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> sendOffsetFetch(Collection<TopicPartition> partitions) {
        Node node = coordinator();
        if (node == null) {
            return CompletableFuture.failedFuture(new ApiException(Errors.COORDINATOR_NOT_AVAILABLE, "group " + groupId));
        }
        Struct body = Messages.request(ApiKeys.OFFSET_FETCH).newStruct().set("group_id", groupId).set("require_stable", true);
        Map<String, Struct> topics = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            Struct topic = topics.computeIfAbsent(tp.topic(), t -> body.addElement("topics").set("name", t));
            List<Integer> indexes = new ArrayList<>(topic.<Integer>getArray("partition_indexes"));
            indexes.add(tp.partition());
            topic.set("partition_indexes", indexes);
        }
        return network.send(node, ClientRequest.of(ApiKeys.OFFSET_FETCH, body).versions(1, 7)).thenApply(this::parseOffsetFetch);
    }

    private Map<TopicPartition, OffsetAndMetadata> parseOffsetFetch(ClientResponse response) {
        Struct body = response.body();
        Errors top = Errors.forCode(body.getShort("error_code"));
        if (top != Errors.NONE) {
            if (top == Errors.NOT_COORDINATOR || top == Errors.COORDINATOR_NOT_AVAILABLE) {
                markCoordinatorUnknown("OffsetFetch returned " + top);
            }
            throw new ApiException(top, "fetching committed offsets of group " + groupId);
        }
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (Struct topic : body.<Struct>getArray("topics")) {
            for (Struct p : topic.<Struct>getArray("partitions")) {
                Errors error = Errors.forCode(p.getShort("error_code"));
                TopicPartition tp = new TopicPartition(topic.getString("name"), p.getInt("partition_index"));
                if (error != Errors.NONE) {
                    throw new ApiException(error, "fetching the committed offset of " + tp);
                }
                long offset = p.getLong("committed_offset");
                if (offset >= 0) {
                    int epoch = p.getInt("committed_leader_epoch");
                    out.put(tp, new OffsetAndMetadata(offset, epoch < 0 ? Optional.empty() : Optional.of(epoch), p.getString("metadata")));
                }
            }
        }
        return out;
    }

    // ----------------------------------------------------------------------------------- leave

    /**
     * Leaving the group (close / unsubscribe): auto-commit, revoke (or lose) the partitions through
     * the listener, then LeaveGroup for a dynamic member.
     */
    public void leave(long deadlineNanos, String reason) {
        if (subscriptions.hasAutoAssignment()) {
            boolean hasGeneration;
            synchronized (this) {
                hasGeneration = generation >= 0 && !partitionsLost;
            }
            Set<TopicPartition> owned = subscriptions.assignedPartitions();
            if (hasGeneration) {
                maybeAutoCommitSync(deadlineNanos);
            }
            if (!owned.isEmpty()) {
                if (hasGeneration) {
                    subscriptions.listener().onPartitionsRevoked(owned);
                } else {
                    subscriptions.listener().onPartitionsLost(owned);
                }
            }
        } else {
            maybeAutoCommitSync(deadlineNanos);
        }
        CompletableFuture<ClientResponse> f = sendLeaveGroup(reason);
        try {
            network.get(f, deadlineNanos, "LeaveGroup");
        } catch (RuntimeException e) {
            log.debug("LeaveGroup of {} failed: {}", groupId, e.toString());
        }
        synchronized (this) {
            generation = -1;
            memberId = "";
            state = MemberState.UNJOINED;
            rejoinNeeded = true;
        }
        joinFuture = null;
        syncFuture = null;
        joinPrepared = false;
        joiningSubscription = Set.of();
        joinedSubscription = Set.of();
        patternMetadataUpdate = null;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            heartbeatThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        invokeCompletedCommitCallbacks();
    }
}
