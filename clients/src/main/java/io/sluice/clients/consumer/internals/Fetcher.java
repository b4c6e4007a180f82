package io.sluice.clients.consumer.internals;

import io.sluice.clients.common.ApiException;
import io.sluice.clients.common.Node;
import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.consumer.ConsumerConfig;
import io.sluice.clients.consumer.ConsumerRecord;
import io.sluice.clients.consumer.OffsetAndTimestamp;
import io.sluice.clients.consumer.OffsetOutOfRangeException;
import io.sluice.clients.consumer.OffsetResetStrategy;
import io.sluice.clients.metadata.Cluster;
import io.sluice.clients.metadata.PartitionInfo;
import io.sluice.clients.network.ClientRequest;
import io.sluice.clients.network.ClientResponse;
import io.sluice.clients.serialization.Deserializer;
import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Messages;
import io.sluice.protocol.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches records for the assigned partitions and finds offsets by time (ListOffsets).
 *
 * <p><b>Fetch.</b> One Fetch request at a time per leader (v4..12, names not topic ids, no fetch
 * session: session id 0 and epoch -1, a full fetch every time), for the fetchable partitions that
 * have nothing buffered. Responses are parsed on the polling thread into {@link CompletedFetch}es
 * that {@link #collect} hands out up to max.poll.records at a time. {@link #sendFetches} is called
 * again before poll returns records, so the next fetch is on the wire while the application works
 * (pipelining). A buffered fetch is used only while the partition's position still equals the
 * offset it was fetched at; a seek or revocation makes it stale and it is dropped. A paused
 * partition's buffered data waits for resume().
 *
 * <p><b>Errors per partition.</b> OFFSET_OUT_OF_RANGE resets the position by auto.offset.reset (or
 * surfaces {@link OffsetOutOfRangeException} with "none"); leadership errors
 * (NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION, FENCED/UNKNOWN_LEADER_EPOCH, ...) and
 * network failures trigger a metadata refresh and the partition is fetched again from the new
 * leader.
 *
 * Not thread-safe: used by the polling thread only.
 */
public final class Fetcher<K, V> {

    private static final Logger log = LoggerFactory.getLogger(Fetcher.class);

    private final ConsumerNetwork network;
    private final SubscriptionState subscriptions;
    private final ConsumerConfig config;
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final Map<Integer, InFlightFetch> inFlight = new HashMap<>();
    private final ArrayDeque<CompletedFetch> completed = new ArrayDeque<>();
    private final Map<TopicPartition, Long> outOfRange = new LinkedHashMap<>();
    private final List<InFlightReset> resetsInFlight = new ArrayList<>();

    private record InFlightFetch(CompletableFuture<ClientResponse> future, Map<TopicPartition, Long> offsets) {
    }

    private record InFlightReset(CompletableFuture<Map<TopicPartition, ListedOffset>> future,
                                 Map<TopicPartition, OffsetResetStrategy> strategies) {
    }

    /** One answer of ListOffsets. */
    public record ListedOffset(long offset, long timestamp, Optional<Integer> leaderEpoch) {
    }

    public Fetcher(ConsumerNetwork network, SubscriptionState subscriptions, ConsumerConfig config,
                   Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        this.network = network;
        this.subscriptions = subscriptions;
        this.config = config;
        this.keyDeserializer = keyDeserializer;
        this.valueDeserializer = valueDeserializer;
    }

    // ------------------------------------------------------------------------------------ Fetch

    /** Sends a Fetch to every leader that has fetchable partitions with nothing buffered or in flight. */
    public void sendFetches() {
        Cluster cluster = network.metadata().cluster();
        Map<Node, LinkedHashMap<TopicPartition, Long>> byLeader = new LinkedHashMap<>();
        for (TopicPartition tp : subscriptions.fetchablePartitions()) {
            if (hasBuffered(tp) || isInFlight(tp)) {
                continue;
            }
            PartitionInfo info = cluster.partition(tp);
            if (info == null || info.leader() == null) {
                network.metadata().requestUpdate();
                continue;
            }
            if (inFlight.containsKey(info.leader().id())) {
                continue;
            }
            byLeader.computeIfAbsent(info.leader(), n -> new LinkedHashMap<>()).put(tp, subscriptions.position(tp));
        }
        byLeader.forEach((node, offsets) -> {
            Struct body = Messages.request(ApiKeys.FETCH).newStruct()
                    .set("replica_id", -1)
                    .set("max_wait_ms", config.fetchMaxWaitMs())
                    .set("min_bytes", config.fetchMinBytes())
                    .set("max_bytes", config.fetchMaxBytes())
                    .set("isolation_level", (byte) (config.readCommitted() ? 1 : 0))
                    .set("session_id", 0)
                    .set("session_epoch", -1)
                    .set("rack_id", config.clientRack() == null ? "" : config.clientRack());
            Map<String, Struct> topics = new LinkedHashMap<>();
            offsets.forEach((tp, offset) -> {
                Struct topic = topics.computeIfAbsent(tp.topic(), t -> body.addElement("topics").set("topic", t));
                PartitionInfo info = cluster.partition(tp);
                topic.addElement("partitions")
                        .set("partition", tp.partition())
                        .set("current_leader_epoch", info == null ? -1 : info.leaderEpoch())
                        .set("fetch_offset", offset)
                        .set("partition_max_bytes", config.maxPartitionFetchBytes());
            });
            // The broker may hold the request for max_wait_ms: allow for it on top of the request timeout.
            ClientRequest request = ClientRequest.of(ApiKeys.FETCH, body).versions(4, 12)
                    .timeoutMs(config.requestTimeoutMs() + config.fetchMaxWaitMs());
            inFlight.put(node.id(), new InFlightFetch(network.send(node, request), offsets));
        });
    }

    private boolean hasBuffered(TopicPartition tp) {
        for (CompletedFetch f : completed) {
            if (f.partition.equals(tp)) {
                return true;
            }
        }
        return false;
    }

    private boolean isInFlight(TopicPartition tp) {
        for (InFlightFetch f : inFlight.values()) {
            if (f.offsets().containsKey(tp)) {
                return true;
            }
        }
        return false;
    }

    /** Parses the fetch responses that arrived since the last call. */
    private void handleFetchResponses() {
        Iterator<Map.Entry<Integer, InFlightFetch>> it = inFlight.entrySet().iterator();
        while (it.hasNext()) {
            InFlightFetch f = it.next().getValue();
            if (!f.future().isDone()) {
                continue;
            }
            it.remove();
            if (f.future().isCompletedExceptionally()) {
                Throwable error = f.future().handle((r, e) -> e).join();
                log.debug("Fetch of {} failed: {}", f.offsets().keySet(), error.toString());
                network.metadata().requestUpdate();
                continue;
            }
            Struct body = f.future().join().body();
            short topLevel = body.getShort("error_code");
            if (topLevel != Errors.NONE.code()) {
                log.debug("Fetch failed with {}", Errors.forCode(topLevel));
                network.metadata().requestUpdate();
                continue;
            }
            for (Struct topic : body.<Struct>getArray("responses")) {
                String name = topic.getString("topic");
                for (Struct p : topic.<Struct>getArray("partitions")) {
                    TopicPartition tp = new TopicPartition(name, p.getInt("partition_index"));
                    Long fetchOffset = f.offsets().get(tp);
                    if (fetchOffset != null) {
                        handlePartition(tp, fetchOffset, p);
                    }
                }
            }
        }
    }

    private void handlePartition(TopicPartition tp, long fetchOffset, Struct p) {
        if (!subscriptions.isAssigned(tp) || !Long.valueOf(fetchOffset).equals(subscriptions.position(tp))) {
            return; // seeked or revoked while the fetch was out
        }
        Errors error = Errors.forCode(p.getShort("error_code"));
        switch (error) {
            case NONE -> {
                subscriptions.updateWatermarks(tp, p.getLong("high_watermark"), p.getLong("last_stable_offset"),
                        p.getLong("log_start_offset"));
                ByteBuffer records = p.getRecords("records");
                if (records != null && records.hasRemaining()) {
                    List<CompletedFetch.Aborted> aborted = new ArrayList<>();
                    List<Struct> list = p.getArray("aborted_transactions");
                    if (list != null) {
                        for (Struct a : list) {
                            aborted.add(new CompletedFetch.Aborted(a.getLong("producer_id"), a.getLong("first_offset")));
                        }
                    }
                    completed.add(new CompletedFetch(tp, fetchOffset, records, aborted, config.readCommitted(), config.checkCrcs()));
                }
            }
            case OFFSET_OUT_OF_RANGE -> {
                if (subscriptions.defaultReset() == OffsetResetStrategy.NONE) {
                    outOfRange.put(tp, fetchOffset);
                } else {
                    log.info("Fetch position {} is out of range for {}, resetting to {}", fetchOffset, tp, subscriptions.defaultReset());
                    subscriptions.requestReset(tp, subscriptions.defaultReset());
                }
            }
            case NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE, FENCED_LEADER_EPOCH,
                 UNKNOWN_LEADER_EPOCH, KAFKA_STORAGE_ERROR, REPLICA_NOT_AVAILABLE, OFFSET_NOT_AVAILABLE -> {
                log.debug("Fetch of {} returned {}; refreshing metadata", tp, error);
                network.metadata().onPartitionError(tp, error);
                network.metadata().requestUpdate();
            }
            default -> throw new ApiException(error, "fetching " + tp + " at offset " + fetchOffset);
        }
    }

    /**
     * Up to {@code maxRecords} buffered records, advancing positions; throws the
     * {@link OffsetOutOfRangeException} of a partition that has no reset policy.
     */
    public Map<TopicPartition, List<ConsumerRecord<K, V>>> collect(int maxRecords) {
        handleFetchResponses();
        if (!outOfRange.isEmpty()) {
            Map<TopicPartition, Long> bad = new LinkedHashMap<>(outOfRange);
            outOfRange.clear();
            bad.keySet().removeIf(tp -> !subscriptions.isAssigned(tp) || !Long.valueOf(bad.get(tp)).equals(subscriptions.position(tp)));
            if (!bad.isEmpty()) {
                throw new OffsetOutOfRangeException(bad);
            }
        }
        Map<TopicPartition, List<ConsumerRecord<K, V>>> out = new LinkedHashMap<>();
        int left = maxRecords;
        Iterator<CompletedFetch> it = completed.iterator();
        while (it.hasNext() && left > 0) {
            CompletedFetch f = it.next();
            TopicPartition tp = f.partition;
            if (!subscriptions.isAssigned(tp) || !Long.valueOf(f.nextFetchOffset()).equals(subscriptions.position(tp))) {
                it.remove();
                continue;
            }
            if (subscriptions.isPaused(tp)) {
                continue; // kept for resume(), as Kafka's consumer does
            }
            List<ConsumerRecord<K, V>> list = out.computeIfAbsent(tp, k -> new ArrayList<>());
            left -= f.drain(left, keyDeserializer, valueDeserializer, list);
            Optional<Integer> epoch = f.lastEpoch().isPresent() ? f.lastEpoch() : subscriptions.positionEpoch(tp);
            subscriptions.seek(tp, f.nextFetchOffset(), epoch);
            if (list.isEmpty()) {
                out.remove(tp);
            }
            if (f.isExhausted()) {
                it.remove();
            }
        }
        return out;
    }

    /** True while any buffered fetch could still give records. */
    public boolean hasBufferedRecords() {
        return !completed.isEmpty();
    }

    /** Forgets buffered data and in-flight fetches of these partitions (after a seek or revocation). */
    public void clearBuffered(Collection<TopicPartition> partitions) {
        completed.removeIf(f -> partitions.contains(f.partition));
    }

    // ------------------------------------------------------------------------------ ListOffsets

    /** Starts resets for partitions waiting for one; applies those that completed. */
    public void resetPositionsIfNeeded() {
        Iterator<InFlightReset> it = resetsInFlight.iterator();
        while (it.hasNext()) {
            InFlightReset r = it.next();
            if (!r.future().isDone()) {
                continue;
            }
            it.remove();
            if (r.future().isCompletedExceptionally()) {
                log.debug("Offset reset of {} failed; will retry", r.strategies().keySet());
                network.metadata().requestUpdate();
                continue;
            }
            r.future().join().forEach((tp, listed) -> subscriptions.maybeSeekUnvalidated(tp, listed.offset(),
                    listed.leaderEpoch(), r.strategies().get(tp)));
        }
        Map<TopicPartition, OffsetResetStrategy> needed = subscriptions.partitionsNeedingReset();
        for (InFlightReset r : resetsInFlight) {
            needed.keySet().removeAll(r.strategies().keySet());
        }
        if (needed.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> timestamps = new LinkedHashMap<>();
        needed.forEach((tp, s) -> timestamps.put(tp, s.listOffsetsTimestamp()));
        resetsInFlight.add(new InFlightReset(listOffsets(timestamps), needed));
    }

    /**
     * ListOffsets (v1..7) for each partition at a timestamp (-2 earliest, -1 latest): one request
     * per leader. Completes with the partitions that got an answer; partitions whose leader is
     * unknown or answered a retriable error are missing (metadata is refreshed), and the caller
     * retries. Fails if every leader request failed.
     */
    public CompletableFuture<Map<TopicPartition, ListedOffset>> listOffsets(Map<TopicPartition, Long> timestamps) {
        Cluster cluster = network.metadata().cluster();
        Map<Node, Map<TopicPartition, Long>> byLeader = new LinkedHashMap<>();
        timestamps.forEach((tp, ts) -> {
            Node leader = cluster.leaderFor(tp);
            if (leader == null) {
                network.metadata().addTopics(List.of(tp.topic()));
                network.metadata().requestUpdate();
            } else {
                byLeader.computeIfAbsent(leader, n -> new LinkedHashMap<>()).put(tp, ts);
            }
        });
        List<CompletableFuture<Map<TopicPartition, ListedOffset>>> parts = new ArrayList<>();
        byLeader.forEach((node, request) -> {
            Struct body = Messages.request(ApiKeys.LIST_OFFSETS).newStruct()
                    .set("replica_id", -1)
                    .set("isolation_level", (byte) (config.readCommitted() ? 1 : 0));
            Map<String, Struct> topics = new LinkedHashMap<>();
            request.forEach((tp, ts) -> {
                Struct topic = topics.computeIfAbsent(tp.topic(), t -> body.addElement("topics").set("name", t));
                PartitionInfo info = cluster.partition(tp);
                topic.addElement("partitions").set("partition_index", tp.partition())
                        .set("current_leader_epoch", info == null ? -1 : info.leaderEpoch())
                        .set("timestamp", ts);
            });
            parts.add(network.send(node, ClientRequest.of(ApiKeys.LIST_OFFSETS, body).versions(1, 7))
                    .thenApply(this::parseListOffsets));
        });
        if (parts.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return CompletableFuture.allOf(parts.stream().map(p -> p.exceptionally(e -> null)).toArray(CompletableFuture[]::new))
                .thenCompose(v -> {
                    Map<TopicPartition, ListedOffset> all = new HashMap<>();
                    Throwable firstError = null;
                    for (CompletableFuture<Map<TopicPartition, ListedOffset>> p : parts) {
                        if (p.isCompletedExceptionally()) {
                            firstError = firstError != null ? firstError : p.handle((r, e) -> e).join();
                        } else {
                            all.putAll(p.join());
                        }
                    }
                    if (all.isEmpty() && firstError != null) {
                        return CompletableFuture.failedFuture(firstError);
                    }
                    return CompletableFuture.completedFuture(all);
                });
    }

    private Map<TopicPartition, ListedOffset> parseListOffsets(ClientResponse response) {
        Map<TopicPartition, ListedOffset> out = new HashMap<>();
        for (Struct topic : response.body().<Struct>getArray("topics")) {
            for (Struct p : topic.<Struct>getArray("partitions")) {
                TopicPartition tp = new TopicPartition(topic.getString("name"), p.getInt("partition_index"));
                Errors error = Errors.forCode(p.getShort("error_code"));
                if (error == Errors.NONE) {
                    int epoch = p.getInt("leader_epoch");
                    out.put(tp, new ListedOffset(p.getLong("offset"), p.getLong("timestamp"),
                            epoch < 0 ? Optional.empty() : Optional.of(epoch)));
                } else if (error.retriable()) {
                    network.metadata().onPartitionError(tp, error);
                    network.metadata().requestUpdate();
                } else {
                    throw new ApiException(error, "listing offsets of " + tp);
                }
            }
        }
        return out;
    }

    /**
     * Blocking ListOffsets for the public offset queries; retries partitions without an answer
     * until the deadline.
     */
    public Map<TopicPartition, ListedOffset> listOffsetsBlocking(Map<TopicPartition, Long> timestamps, long deadlineNanos) {
        Map<TopicPartition, ListedOffset> result = new HashMap<>();
        Map<TopicPartition, Long> remaining = new LinkedHashMap<>(timestamps);
        network.metadata().addTopics(remaining.keySet().stream().map(TopicPartition::topic).distinct().toList());
        while (true) {
            Map<TopicPartition, ListedOffset> got;
            try {
                got = network.get(listOffsets(remaining), deadlineNanos, "ListOffsets of " + remaining.keySet());
            } catch (io.sluice.clients.common.TimeoutException e) {
                throw e;
            } catch (RuntimeException e) {
                if (!ApiException.isRetriable(e) && !(e instanceof io.sluice.clients.common.NetworkException)) {
                    throw e;
                }
                got = Map.of();
            }
            result.putAll(got);
            remaining.keySet().removeAll(got.keySet());
            if (remaining.isEmpty()) {
                return result;
            }
            long seen = network.activity();
            long leftMs = (deadlineNanos - System.nanoTime()) / 1_000_000L;
            if (leftMs <= 0) {
                throw new io.sluice.clients.common.TimeoutException("Failed to get offsets by times for " + remaining.keySet());
            }
            network.await(seen, Math.min(leftMs, config.retryBackoffMs()));
        }
    }

    /** The public offsetsForTimes answer: null where no record has a timestamp >= the one asked. */
    public static Map<TopicPartition, OffsetAndTimestamp> toOffsetAndTimestamp(Map<TopicPartition, ListedOffset> listed,
                                                                            Collection<TopicPartition> asked) {
        Map<TopicPartition, OffsetAndTimestamp> out = new HashMap<>();
        for (TopicPartition tp : asked) {
            ListedOffset l = listed.get(tp);
            out.put(tp, l == null || l.offset() < 0 ? null : new OffsetAndTimestamp(l.offset(), l.timestamp(), l.leaderEpoch()));
        }
        return out;
    }
}
