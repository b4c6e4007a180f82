package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.record.RecordBatch;
import io.sluice.record.RecordCursor;
import io.sluice.server.log.Log;
import io.sluice.server.log.LogReadResult;
import io.sluice.server.log.LogSegment;
import io.sluice.server.log.TopicPartition;
import io.sluice.server.partition.Partition;
import io.sluice.server.partition.PartitionManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * ListOffsets (2), advertised v0-v7: the offset for a timestamp, per partition.
 *
 * <pre>
 * timestamp  answer
 * -2         earliest: the log start offset
 * -1         latest: the high watermark for consumers (read_committed: the last stable offset, the same
 *            without transactions), the log end offset for followers (replica_id &gt;= 0)
 * -3         (v7) the record with the largest timestamp
 * t &gt;= 0     the first record whose timestamp is at least t; offset -1 if none
 * </pre>
 *
 * Consumers never see offsets at or above the high watermark. The log answers timestamp lookups per
 * batch; the exact record is then found by walking that one batch's records (decompressing it if
 * need be). v0 answers in its old layout: a list holding the one offset (empty when a timestamp
 * matches nothing), not Kafka's historic list of segment base offsets. v4+ check current_leader_epoch
 * and answer the leader epoch of the offset.
 */
public final class ListOffsetsHandler implements ApiHandler {

    static final long LATEST = -1L;
    static final long EARLIEST = -2L;
    static final long MAX_TIMESTAMP = -3L;

    private final PartitionManager partitions;

    public ListOffsetsHandler(PartitionManager partitions) {
        this.partitions = partitions;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.LIST_OFFSETS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 7;
    }

    /** An answer: offset -1 means "no such record". */
    record Found(long timestamp, long offset, int leaderEpoch) {
        static final Found NONE = new Found(-1L, -1L, -1);
    }

    @Override
    public CompletableFuture<Struct> handle(ApiRequest request) {
        Struct body = request.body();
        boolean fromFollower = body.getInt("replica_id") >= 0;
        Struct response = request.newResponse().set("throttle_time_ms", 0);
        for (Struct topic : body.<Struct>getArray("topics")) {
            String name = topic.getString("name");
            Struct topicResponse = response.addElement("topics").set("name", name);
            for (Struct p : topic.<Struct>getArray("partitions")) {
                int index = p.getInt("partition_index");
                Struct out = topicResponse.addElement("partitions").set("partition_index", index);
                try {
                    Partition partition = partitions.leaderPartition(new TopicPartition(name, index));
                    partition.checkLeaderEpoch(p.getInt("current_leader_epoch"));
                    Found found = lookup(partition, p.getLong("timestamp"), fromFollower);
                    out.set("error_code", Errors.NONE.code())
                            .set("timestamp", found.timestamp())
                            .set("offset", found.offset())
                            .set("leader_epoch", found.leaderEpoch());
                    List<Long> old = new ArrayList<>(1);
                    if (found.offset() >= 0 && p.getInt("max_num_offsets") > 0) {
                        old.add(found.offset());
                    }
                    out.set("old_style_offsets", old);
                } catch (RuntimeException e) {
                    out.set("error_code", ErrorMapping.toError(e).code())
                            .set("timestamp", -1L).set("offset", -1L).set("leader_epoch", -1)
                            .set("old_style_offsets", new ArrayList<>());
                }
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    static Found lookup(Partition partition, long timestamp, boolean fromFollower) {
        // The bound is read first: an answer never points past what was committed when we started.
        long bound = fromFollower ? partition.logEndOffset() : partition.lastStableOffset();
        Log log = partition.log();
        if (timestamp == LATEST) {
            return new Found(-1L, bound, partition.leaderEpoch());
        }
        if (timestamp == EARLIEST) {
            long start = log.logStartOffset();
            return new Found(-1L, start, partition.epochForOffset(start));
        }
        Found found;
        if (timestamp == MAX_TIMESTAMP) {
            found = maxTimestamp(partition, bound);
        } else if (timestamp >= 0) {
            found = byTimestamp(partition, timestamp);
        } else {
            found = Found.NONE;
        }
        return found.offset() >= bound ? Found.NONE : found;
    }

    private static Found byTimestamp(Partition partition, long timestamp) {
        Optional<LogSegment.TimestampAndOffset> batch = partition.log().fetchOffsetByTimestamp(timestamp);
        if (batch.isEmpty()) {
            return Found.NONE;
        }
        long from = batch.get().offset();
        return findInBatch(partition, from, (recordTimestamp, offset) -> offset >= from && recordTimestamp >= timestamp);
    }

    /** The first record with the largest timestamp below {@code bound}; scans batch headers only, then one batch. */
    private static Found maxTimestamp(Partition partition, long bound) {
        long[] best = {Long.MIN_VALUE, -1L};
        for (LogSegment segment : partition.log().segments()) {
            try {
                segment.forEachBatchHeader(partition.log().logStartOffset(), header -> {
                    if (header.lastOffset() < bound && header.maxTimestamp() > best[0]) {
                        best[0] = header.maxTimestamp();
                        best[1] = header.baseOffset();
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (best[1] < 0 || best[0] < 0) {
            return Found.NONE;
        }
        long max = best[0];
        long start = Math.max(best[1], partition.log().logStartOffset());
        return findInBatch(partition, start, (recordTimestamp, offset) -> offset >= start && recordTimestamp == max);
    }

    @FunctionalInterface
    private interface RecordMatch {
        boolean test(long timestamp, long offset);
    }

    /** Walks the batch holding {@code offset} and answers the first record that matches. */
    private static Found findInBatch(Partition partition, long offset, RecordMatch match) {
        ByteBuffer data;
        try (LogReadResult read = partition.log().read(offset, 1, Long.MAX_VALUE, true)) {
            data = read.records().readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (data.remaining() < RecordBatch.HEADER_SIZE) {
            return Found.NONE;
        }
        RecordBatch batch = RecordBatch.at(data, 0);
        RecordCursor cursor = batch.cursor();
        while (cursor.next()) {
            if (match.test(cursor.timestamp(), cursor.offset())) {
                int epoch = batch.partitionLeaderEpoch();
                return new Found(cursor.timestamp(), cursor.offset(), epoch >= 0 ? epoch : partition.epochForOffset(offset));
            }
        }
        return Found.NONE;
    }
}
