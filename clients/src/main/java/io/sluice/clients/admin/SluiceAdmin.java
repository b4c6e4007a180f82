package io.sluice.clients.admin;

import io.sluice.clients.common.ApiException;
import io.sluice.clients.common.ClientConfig;
import io.sluice.clients.common.Node;
import io.sluice.clients.common.SluiceException;
import io.sluice.clients.common.TimeoutException;
import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.common.UnsupportedVersionException;
import io.sluice.clients.consumer.OffsetAndMetadata;
import io.sluice.clients.network.Cancellable;
import io.sluice.clients.network.ClientRequest;
import io.sluice.clients.network.ClientResponse;
import io.sluice.clients.network.NetworkClient;
import io.sluice.clients.network.NetworkClientOptions;
import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Our admin client: topics, partitions, configs, the cluster, consumer groups and their offsets, and
 * record deletion, over the Kafka protocol (so it works against Sluice and Apache Kafka alike). The
 * shape follows Kafka's {@code Admin}: every call returns at once with futures; a failure is an
 * exception carrying the Kafka error ({@link ApiException#error()}), a {@link TimeoutException} when
 * the call did not finish within {@code default.api.timeout.ms}, or an
 * {@link UnsupportedVersionException}.
 *
 * <pre>{@code
 * try (SluiceAdmin admin = SluiceAdmin.create(Map.of("bootstrap.servers", "localhost:9092"))) {
 *     admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1))).all().get();
 *     TopicDescription orders = admin.describeTopics(List.of("orders")).value("orders").get();
 * }
 * }</pre>
 *
 * <h2>Routing and retries</h2>
 * Topic and config calls go to any broker (the least loaded known one: bootstrap addresses first,
 * then the brokers from the last Metadata); broker configs go to that broker. Group calls first ask
 * FindCoordinator and then talk to the coordinator. DeleteRecords and ListOffsets go to each
 * partition's leader. Retriable failures (a connection refused, NOT_COORDINATOR,
 * COORDINATOR_NOT_AVAILABLE while {@code __consumer_offsets} is created, NOT_LEADER_OR_FOLLOWER, ...)
 * are retried after {@code retry.backoff.ms} until the call's deadline; calls that change state and
 * are not idempotent (CreateTopics, DeleteTopics, CreatePartitions) are retried only when the request
 * itself failed, never on a per-topic error.
 *
 * <p>Leader election and partition reassignment go to the controller (the Metadata answer's
 * {@code controller_id}) and are retried after a fresh Metadata on NOT_CONTROLLER. A broker that does
 * not serve an API fails the call at once with an {@link UnsupportedVersionException} naming it
 * (Sluice's broker does not serve ElectLeaders and the reassignment APIs yet; Apache Kafka does).
 *
 * <p>Not offered yet: ACLs, quotas, log dirs.
 *
 * <h2>Threading</h2>
 * Thread-safe. Futures complete on the network client's I/O thread: chained callbacks must not
 * block (use the {@code *Async} variants for long work). {@code get()} from any other thread is fine.
 */
public final class SluiceAdmin implements AutoCloseable {

    /** How long a call may take in all, retries included (Kafka's name and default: 60 s). */
    public static final String DEFAULT_API_TIMEOUT_MS = "default.api.timeout.ms";
    public static final int DEFAULT_API_TIMEOUT_MS_DEFAULT = 60_000;

    /** The timeout the broker is given for CreateTopics/DeleteTopics/CreatePartitions/DeleteRecords. */
    private static final int BROKER_OPERATION_TIMEOUT_MS = 30_000;

    private final NetworkClient network;
    private final List<Node> bootstrap;
    private final long apiTimeoutMs;
    private final long retryBackoffMs;
    /** The brokers of the last Metadata or DescribeCluster answer; replaced whole, never mutated. */
    private volatile List<Node> knownBrokers = List.of();

    private SluiceAdmin(ClientConfig config) {
        List<InetSocketAddress> addresses = config.bootstrapServers();
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            nodes.add(Node.bootstrap(i, addresses.get(i)));
        }
        this.bootstrap = List.copyOf(nodes);
        this.apiTimeoutMs = config.getNonNegativeLong(DEFAULT_API_TIMEOUT_MS, DEFAULT_API_TIMEOUT_MS_DEFAULT);
        this.retryBackoffMs = config.getNonNegativeLong(ClientConfig.RETRY_BACKOFF_MS, ClientConfig.DEFAULT_RETRY_BACKOFF_MS);
        NetworkClientOptions options = NetworkClientOptions.from(config, config.clientId("sluice-admin"), 1);
        // A request never outlives its call.
        if (options.requestTimeoutMs() > apiTimeoutMs) {
            options = options.withRequestTimeoutMs(apiTimeoutMs);
        }
        this.network = new NetworkClient(options);
    }

    /** An admin client with Kafka's client config names ({@code bootstrap.servers} is required). */
    public static SluiceAdmin create(Map<String, ?> config) {
        return new SluiceAdmin(new ClientConfig(config));
    }

    public static SluiceAdmin create(Properties config) {
        return new SluiceAdmin(ClientConfig.of(config));
    }

    // ================================================================== topics

    /** Creates topics; per-topic failures such as TOPIC_ALREADY_EXISTS or INVALID_REPLICATION_FACTOR. */
    public AdminResult<String, Void> createTopics(Collection<NewTopic> topics) {
        List<String> names = topics.stream().map(NewTopic::name).toList();
        Struct body = AdminRequests.createTopics(topics, BROKER_OPERATION_TIMEOUT_MS, false);
        return perKey(names, call("CreateTopics", () -> sendToAny(ClientRequest.of(ApiKeys.CREATE_TOPICS, body))
                .thenApply(r -> byKey(names, AdminResponses.errorsByName(r.body().getArray("topics"), "name")))));
    }

    /** Deletes topics by name; UNKNOWN_TOPIC_OR_PARTITION for a topic that does not exist. */
    public AdminResult<String, Void> deleteTopics(Collection<String> names) {
        List<String> keys = List.copyOf(new LinkedHashSet<>(names));
        Struct body = AdminRequests.deleteTopics(keys, BROKER_OPERATION_TIMEOUT_MS);
        return perKey(keys, call("DeleteTopics", () -> sendToAny(ClientRequest.of(ApiKeys.DELETE_TOPICS, body))
                .thenApply(r -> byKey(keys, AdminResponses.errorsByName(r.body().getArray("responses"), "name")))));
    }

    /** Every topic, sorted by name; internal topics ({@code __consumer_offsets}) only when asked for. */
    public CompletableFuture<Map<String, TopicListing>> listTopics(boolean includeInternal) {
        return call("ListTopics", () -> metadata(null)).thenApply(metadata -> {
            Map<String, TopicListing> topics = new TreeMap<>();
            metadata.topics().values().forEach(t -> {
                if (t.error() == Errors.NONE && (includeInternal || !t.internal())) {
                    topics.put(t.name(), new TopicListing(t.name(), t.topicId(), t.internal()));
                }
            });
            return topics;
        });
    }

    /** Describes topics: partitions with leader, replicas and ISR; UNKNOWN_TOPIC_OR_PARTITION for a missing one. */
    public AdminResult<String, TopicDescription> describeTopics(Collection<String> names) {
        List<String> keys = List.copyOf(new LinkedHashSet<>(names));
        return perKey(keys, call("DescribeTopics", () -> metadata(keys).thenApply(metadata -> {
            Map<String, Object> results = new LinkedHashMap<>();
            for (String name : keys) {
                MetadataSnapshot.TopicMetadata topic = metadata.topics().get(name);
                if (topic == null) {
                    results.put(name, new ApiException(Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic " + name + " not found"));
                } else if (topic.error() == Errors.LEADER_NOT_AVAILABLE) {
                    // Just created: its partitions are being set up. Ask again.
                    throw new ApiException(topic.error(), "Topic " + name + " has no leaders yet");
                } else if (topic.error() != Errors.NONE) {
                    results.put(name, new ApiException(topic.error(), "Topic " + name));
                } else {
                    results.put(name, AdminResponses.topicDescription(metadata, topic));
                }
            }
            return results;
        })));
    }

    /** Raises topics' partition counts to the given totals (INVALID_PARTITIONS when not higher). */
    public AdminResult<String, Void> createPartitions(Map<String, Integer> newTotalCounts) {
        List<String> names = List.copyOf(newTotalCounts.keySet());
        Struct body = AdminRequests.createPartitions(newTotalCounts, BROKER_OPERATION_TIMEOUT_MS, false);
        return perKey(names, call("CreatePartitions", () -> sendToAny(ClientRequest.of(ApiKeys.CREATE_PARTITIONS, body))
                .thenApply(r -> byKey(names, AdminResponses.errorsByName(r.body().getArray("results"), "name")))));
    }

    // ================================================================== configs

    /** The configs of topics and brokers, with their sources and synonyms. */
    public AdminResult<ConfigResource, Config> describeConfigs(Collection<ConfigResource> resources) {
        Map<ConfigResource, CompletableFuture<Config>> futures = new LinkedHashMap<>();
        for (ConfigResource resource : new LinkedHashSet<>(resources)) {
            CompletableFuture<Map<ConfigResource, Object>> results = call("DescribeConfigs", () ->
                    sendForResource(resource, ClientRequest.of(ApiKeys.DESCRIBE_CONFIGS,
                            AdminRequests.describeConfigs(List.of(resource), true)))
                            .thenApply(r -> AdminResponses.describeConfigs(r.body(), r.apiVersion())));
            futures.put(resource, valueOf(results, resource));
        }
        return new AdminResult<>(futures);
    }

    /** Sets, deletes, appends to or subtracts from configs (IncrementalAlterConfigs). */
    public AdminResult<ConfigResource, Void> incrementalAlterConfigs(Map<ConfigResource, ? extends Collection<AlterConfigOp>> changes) {
        Map<ConfigResource, CompletableFuture<Void>> futures = new LinkedHashMap<>();
        changes.forEach((resource, ops) -> {
            Struct body = AdminRequests.incrementalAlterConfigs(Map.of(resource, ops), false);
            CompletableFuture<Map<ConfigResource, Object>> results = call("IncrementalAlterConfigs", () ->
                    sendForResource(resource, ClientRequest.of(ApiKeys.INCREMENTAL_ALTER_CONFIGS, body))
                            .thenApply(r -> new LinkedHashMap<ConfigResource, Object>(AdminResponses.alterConfigs(r.body()))));
            futures.put(resource, valueOf(results, resource));
        });
        return new AdminResult<>(futures);
    }

    // ================================================================== cluster

    /** The cluster id, the controller and the live brokers. */
    public CompletableFuture<ClusterDescription> describeCluster() {
        return call("DescribeCluster", () -> sendToAny(ClientRequest.of(ApiKeys.DESCRIBE_CLUSTER, AdminRequests.describeCluster()))
                .thenApply(r -> {
                    ClusterDescription cluster = AdminResponses.describeCluster(r.body());
                    knownBrokers = cluster.nodes();
                    return cluster;
                }));
    }

    // ================================================================== consumer groups

    /** The groups of every broker's coordinator, sorted by group id. */
    public CompletableFuture<List<ConsumerGroupListing>> listConsumerGroups() {
        return call("ListGroups", () -> metadata(List.of()).thenCompose(metadata -> {
            List<CompletableFuture<List<ConsumerGroupListing>>> perBroker = new ArrayList<>();
            for (Node broker : metadata.brokers().values()) {
                perBroker.add(network.send(broker, ClientRequest.of(ApiKeys.LIST_GROUPS, AdminRequests.listGroups()))
                        .thenApply(r -> AdminResponses.listGroups(r.body(), r.apiVersion())));
            }
            return CompletableFuture.allOf(perBroker.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
                Map<String, ConsumerGroupListing> groups = new TreeMap<>();
                perBroker.forEach(f -> f.join().forEach(g -> groups.put(g.groupId(), g)));
                return List.copyOf(groups.values());
            });
        }));
    }

    /** Describes groups at their coordinators; a group nobody knows is state "Dead". */
    public AdminResult<String, ConsumerGroupDescription> describeConsumerGroups(Collection<String> groups) {
        Map<String, CompletableFuture<ConsumerGroupDescription>> futures = new LinkedHashMap<>();
        for (String group : new LinkedHashSet<>(groups)) {
            futures.put(group, call("DescribeGroups", () -> withCoordinator(group, coordinator ->
                    network.send(coordinator, ClientRequest.of(ApiKeys.DESCRIBE_GROUPS, AdminRequests.describeGroups(List.of(group))))
                            .thenApply(r -> {
                                Object result = AdminResponses.describeGroups(r.body(), coordinator).get(group);
                                if (result instanceof RuntimeException e) {
                                    throw e;
                                }
                                return (ConsumerGroupDescription) result;
                            }))));
        }
        return new AdminResult<>(futures);
    }

    /** Every committed offset of a group (partitions without one are left out). */
    public CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> listConsumerGroupOffsets(String group) {
        return call("OffsetFetch", () -> withCoordinator(group, coordinator ->
                network.send(coordinator, ClientRequest.of(ApiKeys.OFFSET_FETCH, AdminRequests.offsetFetchAll(group)).versions(2, 9))
                        .thenApply(r -> AdminResponses.offsetFetch(r.body(), r.apiVersion()))));
    }

    /**
     * Commits offsets for a group that has no active members (an active group answers
     * UNKNOWN_MEMBER_ID), as {@code --reset-offsets --execute} does.
     */
    public AdminResult<TopicPartition, Void> alterConsumerGroupOffsets(String group, Map<TopicPartition, OffsetAndMetadata> offsets) {
        List<TopicPartition> keys = List.copyOf(offsets.keySet());
        Struct body = AdminRequests.offsetCommit(group, offsets);
        return perKey(keys, call("OffsetCommit", () -> withCoordinator(group, coordinator ->
                network.send(coordinator, ClientRequest.of(ApiKeys.OFFSET_COMMIT, body).versions(2, 9))
                        .thenApply(r -> failOnCoordinatorErrors(byKey(keys, AdminResponses.partitionErrors(r.body())))))));
    }

    /** Deletes a group's committed offsets of the given partitions (not while the group consumes them). */
    public AdminResult<TopicPartition, Void> deleteConsumerGroupOffsets(String group, Set<TopicPartition> partitions) {
        List<TopicPartition> keys = List.copyOf(partitions);
        Struct body = AdminRequests.offsetDelete(group, keys);
        return perKey(keys, call("OffsetDelete", () -> withCoordinator(group, coordinator ->
                network.send(coordinator, ClientRequest.of(ApiKeys.OFFSET_DELETE, body)).thenApply(r -> {
                    ApiException topLevel = AdminResponses.error(r.body().getShort("error_code"), null);
                    if (topLevel != null) {
                        throw topLevel;
                    }
                    return failOnCoordinatorErrors(byKey(keys, AdminResponses.partitionErrors(r.body())));
                }))));
    }

    /** Deletes groups without members with their offsets; GROUP_ID_NOT_FOUND or NON_EMPTY_GROUP per group. */
    public AdminResult<String, Void> deleteConsumerGroups(Collection<String> groups) {
        Map<String, CompletableFuture<Void>> futures = new LinkedHashMap<>();
        for (String group : new LinkedHashSet<>(groups)) {
            futures.put(group, call("DeleteGroups", () -> withCoordinator(group, coordinator ->
                    network.send(coordinator, ClientRequest.of(ApiKeys.DELETE_GROUPS, AdminRequests.deleteGroups(List.of(group))))
                            .thenApply(r -> {
                                for (Struct result : r.body().<Struct>getArray("results")) {
                                    ApiException error = AdminResponses.error(result.getShort("error_code"), null);
                                    if (error != null && group.equals(result.getString("group_id"))) {
                                        throw error;
                                    }
                                }
                                return (Void) null;
                            }))));
        }
        return new AdminResult<>(futures);
    }

    // ================================================================== records and offsets

    /** Deletes the records before the given offsets (-1: the high watermark); completes with each new log start offset. */
    public AdminResult<TopicPartition, Long> deleteRecords(Map<TopicPartition, Long> beforeOffsets) {
        List<TopicPartition> keys = List.copyOf(beforeOffsets.keySet());
        CompletableFuture<Map<TopicPartition, Object>> results = call("DeleteRecords", () -> byLeader(keys,
                subset -> ClientRequest.of(ApiKeys.DELETE_RECORDS, AdminRequests.deleteRecords(
                        subsetOf(beforeOffsets, subset), BROKER_OPERATION_TIMEOUT_MS)),
                r -> AdminResponses.deleteRecords(r.body())));
        return perKey(keys, results);
    }

    /** The earliest, latest or by-timestamp offsets of partitions, asked of their leaders. */
    public AdminResult<TopicPartition, ListedOffset> listOffsets(Map<TopicPartition, OffsetSpec> specs) {
        List<TopicPartition> keys = List.copyOf(specs.keySet());
        CompletableFuture<Map<TopicPartition, Object>> results = call("ListOffsets", () -> byLeader(keys,
                subset -> ClientRequest.of(ApiKeys.LIST_OFFSETS, AdminRequests.listOffsets(subsetOf(specs, subset), (byte) 0))
                        .versions(1, 9),
                r -> AdminResponses.listOffsets(r.body())));
        return perKey(keys, results);
    }

    // ================================================================== leaders and reassignments

    /**
     * Elects leaders of {@code partitions}, or of every partition when null: the preferred (first)
     * replica, or for {@link ElectionType#UNCLEAN} any live replica when no in-sync one is. Each
     * partition's outcome is empty or its error: ELECTION_NOT_NEEDED (the preferred replica already
     * leads), PREFERRED_LEADER_NOT_AVAILABLE, ELIGIBLE_LEADERS_NOT_AVAILABLE, UNKNOWN_TOPIC_OR_PARTITION.
     * Unclean elections need ElectLeaders v1 (an older broker fails the call with
     * {@link UnsupportedVersionException}).
     */
    public ElectLeadersResult electLeaders(ElectionType type, Set<TopicPartition> partitions) {
        Set<TopicPartition> keys = partitions == null ? null : new LinkedHashSet<>(partitions);
        Struct body = AdminRequests.electLeaders(type, keys, BROKER_OPERATION_TIMEOUT_MS);
        int minVersion = type == ElectionType.PREFERRED ? 0 : 1;
        CompletableFuture<Map<TopicPartition, Optional<ApiException>>> results = call("ElectLeaders", () -> sendToController(
                ClientRequest.of(ApiKeys.ELECT_LEADERS, body).versions(minVersion, 2)).thenApply(r -> {
                    throwIfError(AdminResponses.error(r.body().getShort("error_code"), null)); // 0 before v1
                    Map<TopicPartition, Optional<ApiException>> answer = AdminResponses.electLeaders(r.body());
                    // The controller moved: nothing was elected, so asking the new one is safe.
                    answer.values().forEach(outcome -> outcome.filter(e -> e.error() == Errors.NOT_CONTROLLER).ifPresent(e -> {
                        throw e;
                    }));
                    return answer;
                }));
        return new ElectLeadersResult(keys, results);
    }

    /**
     * Moves partitions to new replica lists (the first replica becomes the preferred leader), or with
     * an empty Optional cancels a partition's ongoing reassignment (NO_REASSIGNMENT_IN_PROGRESS when
     * there is none). A partition's future completes when the controller accepted the change, not when
     * the data has moved: {@link #listPartitionReassignments} shows what is still moving. Errors per
     * partition such as INVALID_REPLICA_ASSIGNMENT or UNKNOWN_TOPIC_OR_PARTITION.
     */
    public AdminResult<TopicPartition, Void> alterPartitionReassignments(Map<TopicPartition, Optional<List<Integer>>> reassignments) {
        List<TopicPartition> keys = List.copyOf(reassignments.keySet());
        Struct body = AdminRequests.alterPartitionReassignments(reassignments, BROKER_OPERATION_TIMEOUT_MS);
        return perKey(keys, call("AlterPartitionReassignments", () -> sendToController(
                ClientRequest.of(ApiKeys.ALTER_PARTITION_REASSIGNMENTS, body)).thenApply(r -> {
                    throwIfError(AdminResponses.error(r.body()));
                    Map<TopicPartition, Object> results = byKey(keys, AdminResponses.alterPartitionReassignments(r.body()));
                    for (Object value : results.values()) {
                        if (value instanceof ApiException e && e.error() == Errors.NOT_CONTROLLER) {
                            throw e;
                        }
                    }
                    return results;
                })));
    }

    /** The ongoing reassignments of every partition. */
    public CompletableFuture<Map<TopicPartition, PartitionReassignment>> listPartitionReassignments() {
        return listPartitionReassignments(null);
    }

    /**
     * The ongoing reassignments among {@code partitions} (all partitions when null); a partition that
     * is not being reassigned, or does not exist, is absent from the map.
     */
    public CompletableFuture<Map<TopicPartition, PartitionReassignment>> listPartitionReassignments(Collection<TopicPartition> partitions) {
        Struct body = AdminRequests.listPartitionReassignments(partitions == null ? null : new LinkedHashSet<>(partitions),
                BROKER_OPERATION_TIMEOUT_MS);
        return call("ListPartitionReassignments", () -> sendToController(ClientRequest.of(ApiKeys.LIST_PARTITION_REASSIGNMENTS, body))
                .thenApply(r -> {
                    throwIfError(AdminResponses.error(r.body()));
                    return AdminResponses.listPartitionReassignments(r.body());
                }));
    }

    @Override
    public void close() {
        network.close();
    }

    // ================================================================== plumbing

    /**
     * Runs {@code attempt} until it succeeds, fails with a non-retriable error, or the call's deadline
     * ({@code default.api.timeout.ms}) passes; then the result fails with a {@link TimeoutException}
     * naming the last error. Retries wait {@code retry.backoff.ms}.
     */
    private <T> CompletableFuture<T> call(String name, Supplier<CompletableFuture<T>> attempt) {
        CompletableFuture<T> result = new CompletableFuture<>();
        long deadline = System.nanoTime() + apiTimeoutMs * 1_000_000L;
        AtomicReference<Throwable> lastError = new AtomicReference<>();
        Cancellable timer = network.schedule(apiTimeoutMs, () -> result.completeExceptionally(timeout(name, lastError.get())));
        result.whenComplete((value, error) -> timer.cancel());
        attempt(name, attempt, result, deadline, lastError);
        return result;
    }

    private <T> void attempt(String name, Supplier<CompletableFuture<T>> attempt, CompletableFuture<T> result, long deadline,
            AtomicReference<Throwable> lastError) {
        if (result.isDone()) {
            return;
        }
        CompletableFuture<T> future;
        try {
            future = attempt.get();
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        future.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable cause = unwrap(error);
            if (!ApiException.isRetriable(cause)) {
                result.completeExceptionally(cause);
                return;
            }
            lastError.set(cause);
            long remainingMs = (deadline - System.nanoTime()) / 1_000_000L;
            if (remainingMs <= retryBackoffMs) {
                result.completeExceptionally(timeout(name, cause));
            } else {
                network.schedule(retryBackoffMs, () -> attempt(name, attempt, result, deadline, lastError));
            }
        });
    }

    private TimeoutException timeout(String name, Throwable lastError) {
        String where = bootstrap.stream().map(Node::address).reduce((a, b) -> a + "," + b).orElse("");
        return new TimeoutException(name + " did not complete within " + apiTimeoutMs + " ms (bootstrap servers " + where + ")"
                + (lastError == null ? "" : "; last error: " + lastError.getMessage()), lastError);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Sends to the least loaded known broker, or a bootstrap address before any broker is known. */
    private CompletableFuture<ClientResponse> sendToAny(ClientRequest request) {
        List<Node> candidates = new ArrayList<>(knownBrokers);
        candidates.addAll(bootstrap);
        Node node = network.leastLoadedNode(candidates);
        return network.send(node != null ? node : candidates.get(0), request);
    }

    /** Broker configs of a given broker must be asked of that broker; everything else of any. */
    private CompletableFuture<ClientResponse> sendForResource(ConfigResource resource, ClientRequest request) {
        if (resource.type() != ConfigResource.Type.BROKER || resource.name().isEmpty()) {
            return sendToAny(request);
        }
        int brokerId;
        try {
            brokerId = Integer.parseInt(resource.name());
        } catch (NumberFormatException e) {
            return CompletableFuture.failedFuture(new ApiException(Errors.INVALID_REQUEST, "Broker id must be a number: " + resource.name()));
        }
        return metadata(List.of()).thenCompose(metadata -> {
            Node broker = metadata.brokers().get(brokerId);
            if (broker == null) {
                return CompletableFuture.failedFuture(new ApiException(Errors.BROKER_NOT_AVAILABLE, "Broker " + brokerId + " is not alive"));
            }
            return network.send(broker, request);
        });
    }

    /** One Metadata request (all topics when {@code topics} is null); remembers the brokers it names. */
    private CompletableFuture<MetadataSnapshot> metadata(Collection<String> topics) {
        return sendToAny(ClientRequest.of(ApiKeys.METADATA, AdminRequests.metadata(topics)).versions(1, 12)).thenApply(r -> {
            MetadataSnapshot metadata = AdminResponses.metadata(r.body());
            knownBrokers = List.copyOf(metadata.brokers().values());
            return metadata;
        });
    }

    /**
     * Sends to the controller named by a fresh Metadata answer; NOT_CONTROLLER from it (or no
     * controller yet) fails the attempt retriably, so {@link #call} asks Metadata again.
     */
    private CompletableFuture<ClientResponse> sendToController(ClientRequest request) {
        return metadata(List.of()).thenCompose(metadata -> {
            Node controller = metadata.brokers().get(metadata.controllerId());
            if (controller == null) {
                return CompletableFuture.failedFuture(new ApiException(Errors.NOT_CONTROLLER,
                        "No live controller known (Metadata names " + metadata.controllerId() + ")"));
            }
            return network.send(controller, request);
        });
    }

    private static void throwIfError(ApiException error) {
        if (error != null) {
            throw error;
        }
    }

    /** FindCoordinator for {@code group}, then {@code operation} on the coordinator. */
    private <T> CompletableFuture<T> withCoordinator(String group, Function<Node, CompletableFuture<T>> operation) {
        return sendToAny(ClientRequest.of(ApiKeys.FIND_COORDINATOR, AdminRequests.findGroupCoordinator(group)))
                .thenCompose(r -> operation.apply(AdminResponses.findCoordinator(r.body(), r.apiVersion())));
    }

    /**
     * Sends one request per partition leader for {@code partitions} and merges the per-partition
     * answers. A partition whose topic does not exist fails with UNKNOWN_TOPIC_OR_PARTITION at once; a
     * retriable answer (no leader, leader moved) makes the whole call try again, which is safe because
     * both users (ListOffsets, DeleteRecords) are idempotent.
     */
    private CompletableFuture<Map<TopicPartition, Object>> byLeader(List<TopicPartition> partitions,
            Function<List<TopicPartition>, ClientRequest> request, Function<ClientResponse, Map<TopicPartition, Object>> parse) {
        Set<String> topics = new LinkedHashSet<>();
        partitions.forEach(tp -> topics.add(tp.topic()));
        return metadata(topics).thenCompose(metadata -> {
            Map<TopicPartition, Object> results = new HashMap<>();
            Map<Node, List<TopicPartition>> byLeader = new LinkedHashMap<>();
            for (TopicPartition tp : partitions) {
                MetadataSnapshot.TopicMetadata topic = metadata.topics().get(tp.topic());
                MetadataSnapshot.PartitionMetadata partition = topic == null ? null : topic.partitions().stream()
                        .filter(p -> p.partition() == tp.partition()).findFirst().orElse(null);
                if (topic == null || topic.error() == Errors.UNKNOWN_TOPIC_OR_PARTITION || (topic.error() == Errors.NONE && partition == null)) {
                    results.put(tp, new ApiException(Errors.UNKNOWN_TOPIC_OR_PARTITION, "Partition " + tp + " does not exist"));
                    continue;
                }
                Node leader = partition == null ? null : metadata.leader(partition);
                if (leader == null) {
                    throw new ApiException(Errors.LEADER_NOT_AVAILABLE, "Partition " + tp + " has no leader");
                }
                byLeader.computeIfAbsent(leader, n -> new ArrayList<>()).add(tp);
            }
            List<CompletableFuture<Map<TopicPartition, Object>>> requests = new ArrayList<>();
            byLeader.forEach((leader, subset) -> requests.add(network.send(leader, request.apply(subset)).thenApply(parse)));
            return CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
                for (CompletableFuture<Map<TopicPartition, Object>> answer : requests) {
                    answer.join().forEach((tp, value) -> {
                        if (value instanceof ApiException e && e.isRetriable() && e.error() != Errors.UNKNOWN_TOPIC_OR_PARTITION) {
                            throw e;
                        }
                        results.put(tp, value);
                    });
                }
                return results;
            });
        });
    }

    private static <K, V> Map<K, V> subsetOf(Map<K, V> map, Collection<K> keys) {
        Map<K, V> subset = new LinkedHashMap<>();
        keys.forEach(k -> subset.put(k, map.get(k)));
        return subset;
    }

    /** A coordinator error on any partition means the whole commit went to the wrong broker: retry it. */
    private static Map<TopicPartition, Object> failOnCoordinatorErrors(Map<TopicPartition, Object> results) {
        for (Object value : results.values()) {
            if (value instanceof ApiException e && (e.error() == Errors.NOT_COORDINATOR
                    || e.error() == Errors.COORDINATOR_NOT_AVAILABLE || e.error() == Errors.COORDINATOR_LOAD_IN_PROGRESS)) {
                throw e;
            }
        }
        return results;
    }

    /** Per-key errors (null for success) as the map {@link #perKey} expects; a key the broker left out is an error. */
    private static <K> Map<K, Object> byKey(List<K> keys, Map<K, ApiException> errors) {
        Map<K, Object> results = new LinkedHashMap<>();
        for (K key : keys) {
            if (!errors.containsKey(key)) {
                results.put(key, new SluiceException("The broker's response did not mention " + key));
            } else {
                results.put(key, errors.get(key));
            }
        }
        return results;
    }

    /**
     * Splits one call's result map (key -> value, or an exception for that key; null means a Void
     * success) into a future per key. When the call itself fails, every key fails with its error.
     */
    @SuppressWarnings("unchecked")
    private static <K, V> AdminResult<K, V> perKey(List<K> keys, CompletableFuture<? extends Map<K, Object>> call) {
        Map<K, CompletableFuture<V>> futures = new LinkedHashMap<>();
        for (K key : keys) {
            futures.put(key, valueOf((CompletableFuture<Map<K, Object>>) call, key));
        }
        return new AdminResult<>(futures);
    }

    @SuppressWarnings("unchecked")
    private static <K, V> CompletableFuture<V> valueOf(CompletableFuture<? extends Map<K, Object>> call, K key) {
        CompletableFuture<V> future = new CompletableFuture<>();
        call.whenComplete((results, error) -> {
            if (error != null) {
                future.completeExceptionally(unwrap(error));
                return;
            }
            Object value = results.get(key);
            if (value instanceof Throwable t) {
                future.completeExceptionally(t);
            } else if (value == null && !results.containsKey(key)) {
                future.completeExceptionally(new SluiceException("No result for " + key));
            } else {
                future.complete((V) value);
            }
        });
        return future;
    }
}
