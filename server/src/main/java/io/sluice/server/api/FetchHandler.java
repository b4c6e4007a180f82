package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.log.LogReadResult;
import io.sluice.server.log.TopicPartition;
import io.sluice.server.partition.Partition;
import io.sluice.server.partition.PartitionManager;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Fetch (1), advertised v4-v12 (v13+ address topics by id). Sessionless: session_id is always 0, so
 * every response is a full one and names every requested partition exactly once, in request order.
 *
 * <h2>Reading</h2>
 * Each partition is read from its fetch offset, at most partition_max_bytes and at most what is left
 * of the response's max_bytes; the first partition with data returns at least one whole batch even if
 * it is bigger (KIP-74), so a consumer never stalls on a large batch. Consumers read below the high
 * watermark (read_committed: below the last stable offset, the same without transactions); followers
 * (replica_id &gt;= 0) read up to the log end offset and report their progress with the fetch offset.
 * Record data is never copied: each partition's records are a file slice of its segment that the
 * network layer sends with sendfile and then releases.
 *
 * <h2>Long polling</h2>
 * If fewer than min_bytes are available and max_wait_ms is positive, the fetch waits in the fetch
 * purgatory ({@link DelayedFetch}), watched under its partitions, until appends (or high-watermark
 * moves) bring enough data, a partition changes leader, or max_wait_ms passes; it is then read again.
 */
public final class FetchHandler implements ApiHandler {

    private final PartitionManager partitions;

    public FetchHandler(PartitionManager partitions) {
        this.partitions = partitions;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.FETCH;
    }

    @Override
    public short minVersion() {
        return 4;
    }

    @Override
    public short maxVersion() {
        return 12;
    }

    /** One requested partition. */
    record PartitionFetch(TopicPartition topicPartition, long fetchOffset, int maxBytes, int currentLeaderEpoch) {
    }

    /** What the request asks for, independent of its version. */
    record FetchParams(short version, int replicaId, int maxWaitMs, int minBytes, int maxBytes,
                       List<List<PartitionFetch>> topics) {

        boolean fromFollower() {
            return replicaId >= 0;
        }
    }

    @Override
    public CompletableFuture<Struct> handle(ApiRequest request) {
        FetchParams params = parse(request);
        if (params.fromFollower()) {
            recordFollowerProgress(params);
        }
        FetchRead read = read(partitions, params, request.newResponse());
        if (params.maxWaitMs() <= 0 || read.bytes() >= params.minBytes() || read.hasError() || read.partitionCount() == 0) {
            return CompletableFuture.completedFuture(read.response());
        }
        // Not enough yet: give the slices back and wait; the read is done again on completion.
        read.release();
        CompletableFuture<Struct> answer = new CompletableFuture<>();
        DelayedFetch delayed = new DelayedFetch(params, partitions, request::newResponse, answer);
        List<Object> keys = new ArrayList<>();
        for (List<PartitionFetch> topic : params.topics()) {
            for (PartitionFetch fetch : topic) {
                keys.add(fetch.topicPartition());
            }
        }
        partitions.fetchPurgatory().tryCompleteElseWatch(delayed, keys);
        return answer;
    }

    private static FetchParams parse(ApiRequest request) {
        Struct body = request.body();
        List<List<PartitionFetch>> topics = new ArrayList<>();
        for (Struct topic : body.<Struct>getArray("topics")) {
            String name = topic.getString("topic");
            List<PartitionFetch> fetches = new ArrayList<>();
            for (Struct p : topic.<Struct>getArray("partitions")) {
                fetches.add(new PartitionFetch(new TopicPartition(name, p.getInt("partition")), p.getLong("fetch_offset"),
                        p.getInt("partition_max_bytes"), p.getInt("current_leader_epoch")));
            }
            topics.add(fetches);
        }
        return new FetchParams(request.version(), body.getInt("replica_id"), body.getInt("max_wait_ms"),
                body.getInt("min_bytes"), body.getInt("max_bytes"), topics);
    }

    private void recordFollowerProgress(FetchParams params) {
        for (List<PartitionFetch> topic : params.topics()) {
            for (PartitionFetch fetch : topic) {
                partitions.partition(fetch.topicPartition()).filter(Partition::isLeader)
                        .ifPresent(p -> partitions.onFollowerFetch(p, params.replicaId(), fetch.fetchOffset()));
            }
        }
    }

    /** A built response and what it holds: the bytes of records, and the slices to release if it is not sent. */
    record FetchRead(Struct response, int bytes, boolean hasError, int partitionCount, List<LogReadResult> reads) {

        void release() {
            for (LogReadResult read : reads) {
                read.close();
            }
        }
    }

    /** Reads every requested partition into {@code response}. Used for the first attempt and for completion. */
    static FetchRead read(PartitionManager partitions, FetchParams params, Struct response) {
        response.set("throttle_time_ms", 0).set("error_code", Errors.NONE.code()).set("session_id", 0);
        response.set("responses", new ArrayList<>());
        int budget = params.maxBytes();
        boolean minOneMessage = true;
        int bytes = 0;
        int count = 0;
        boolean hasError = false;
        List<LogReadResult> reads = new ArrayList<>();
        for (List<PartitionFetch> topic : params.topics()) {
            if (topic.isEmpty()) {
                continue;
            }
            Struct topicResponse = response.addElement("responses").set("topic", topic.get(0).topicPartition().topic());
            for (PartitionFetch fetch : topic) {
                count++;
                Struct out = topicResponse.addElement("partitions")
                        .set("partition_index", fetch.topicPartition().partition())
                        .set("preferred_read_replica", -1)
                        .set("aborted_transactions", new ArrayList<>());
                try {
                    Partition partition = partitions.leaderPartition(fetch.topicPartition());
                    partition.checkLeaderEpoch(fetch.currentLeaderEpoch());
                    // Read the high watermark before the log: the slice must not pass what we report.
                    long highWatermark = partition.highWatermark();
                    long maxOffset = params.fromFollower() ? Long.MAX_VALUE : highWatermark;
                    int limit = Math.min(fetch.maxBytes(), budget);
                    LogReadResult read;
                    if (limit <= 0 && !minOneMessage) {
                        read = null;
                    } else {
                        read = partition.log().read(fetch.fetchOffset(), Math.max(limit, 0), maxOffset, minOneMessage);
                    }
                    out.set("error_code", Errors.NONE.code())
                            .set("high_watermark", highWatermark)
                            .set("last_stable_offset", highWatermark)
                            .set("log_start_offset", partition.logStartOffset());
                    if (read == null || read.records().isEmpty()) {
                        if (read != null) {
                            read.close();
                        }
                        out.set("records", ByteBuffer.allocate(0));
                    } else {
                        int length = read.records().length();
                        reads.add(read);
                        out.set("records", read.records().forSending());
                        bytes += length;
                        budget = Math.max(0, budget - length);
                        minOneMessage = false;
                    }
                } catch (RuntimeException e) {
                    hasError = true;
                    out.set("error_code", ErrorMapping.toError(e).code())
                            .set("high_watermark", -1L)
                            .set("last_stable_offset", -1L)
                            .set("log_start_offset", -1L)
                            .set("records", ByteBuffer.allocate(0));
                }
            }
        }
        return new FetchRead(response, bytes, hasError, count, reads);
    }
}
