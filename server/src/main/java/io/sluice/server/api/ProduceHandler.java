package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.record.CompressionType;
import io.sluice.record.CorruptRecordException;
import io.sluice.record.RecordBatch;
import io.sluice.server.log.LogAppendInfo;
import io.sluice.server.log.TopicPartition;
import io.sluice.server.network.CloseConnectionException;
import io.sluice.server.partition.PartitionManager;
import io.sluice.zk.topic.TopicNames;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Produce (0), advertised v0-v11. v0-v2 (message formats 0/1) are advertised because librdkafka
 * turns compression off without Produce v0 in the range, and answered UNSUPPORTED_VERSION per
 * partition, as Apache Kafka 4 does. v3+ carry exactly one v2 batch per partition.
 *
 * <p>Checks per partition, in order: topic name, then the batch's framing (exactly one batch,
 * magic 2, zstd only from v7), then leadership; the log then checks CRC, records, sizes and the
 * producer's sequence. A retried idempotent batch gets its original offsets and no error.
 *
 * <p>acks=0 gets no response (a failed one closes the connection, so the producer notices); acks=1 is answered after the leader's append; acks=-1 (all) waits in
 * the produce purgatory ({@link DelayedProduce}) until the high watermark passes the batch or
 * timeout_ms runs out (REQUEST_TIMED_OUT).
 */
public final class ProduceHandler implements ApiHandler {

    /** The first Produce version whose batches are magic 2; older ones are refused per partition. */
    static final short MIN_SUPPORTED_VERSION = 3;
    /** zstd needs Produce v7+ (KIP-110): older clients cannot read it back. */
    static final short MIN_ZSTD_VERSION = 7;

    private final PartitionManager partitions;

    public ProduceHandler(PartitionManager partitions) {
        this.partitions = partitions;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.PRODUCE;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 11;
    }

    @Override
    public CompletableFuture<Struct> handle(ApiRequest request) {
        Struct body = request.body();
        short version = request.version();
        short acks = body.getShort("acks");
        Struct response = request.newResponse().set("throttle_time_ms", 0);
        List<DelayedProduce.PendingPartition> pending = new ArrayList<>();
        for (Struct topic : body.<Struct>getArray("topic_data")) {
            String name = topic.getString("name");
            Struct topicResponse = response.addElement("responses").set("name", name);
            for (Struct partitionData : topic.<Struct>getArray("partition_data")) {
                int index = partitionData.getInt("index");
                Struct partitionResponse = topicResponse.addElement("partition_responses").set("index", index);
                initPartitionResponse(partitionResponse);
                ByteBuffer records = partitionData.getRecords("records");
                Errors refused = precheck(version, acks, name, records);
                if (refused != Errors.NONE) {
                    setError(partitionResponse, refused, null);
                    continue;
                }
                TopicPartition tp = new TopicPartition(name, index);
                try {
                    LogAppendInfo info = partitions.appendToLeader(tp, records, acks);
                    partitionResponse.set("base_offset", info.firstOffset())
                            .set("log_append_time_ms", info.logAppendTime())
                            .set("log_start_offset", info.logStartOffset());
                    if (acks == -1) {
                        pending.add(new DelayedProduce.PendingPartition(tp, info.lastOffset() + 1, partitionResponse));
                    }
                } catch (RuntimeException e) {
                    setError(partitionResponse, ErrorMapping.toError(e), ErrorMapping.message(e));
                }
            }
        }
        if (acks == 0) {
            String failed = firstError(response);
            if (failed != null) {
                // Without a response the producer cannot learn of the error; as Kafka does, close the
                // connection so it refreshes its metadata (e.g. after a leader move) and reconnects.
                return CompletableFuture.failedFuture(new CloseConnectionException(
                        "acks=0 produce failed: " + failed));
            }
            return CompletableFuture.completedFuture(null);
        }
        if (pending.isEmpty()) {
            return CompletableFuture.completedFuture(response);
        }
        CompletableFuture<Struct> answer = new CompletableFuture<>();
        DelayedProduce delayed = new DelayedProduce(body.getInt("timeout_ms"), pending, partitions, response, answer);
        List<Object> keys = new ArrayList<>(pending.size());
        for (DelayedProduce.PendingPartition p : pending) {
            keys.add(p.topicPartition());
        }
        partitions.producePurgatory().tryCompleteElseWatch(delayed, keys);
        return answer;
    }

    /** "topic-partition: ERROR" of the first partition that failed, or null. */
    private static String firstError(Struct response) {
        List<Struct> topics = response.getArray("responses");
        if (topics == null) {
            return null;
        }
        for (Struct topic : topics) {
            for (Struct partition : topic.<Struct>getArray("partition_responses")) {
                short code = partition.getShort("error_code");
                if (code != Errors.NONE.code()) {
                    return topic.getString("name") + "-" + partition.getInt("index") + ": " + Errors.forCode(code);
                }
            }
        }
        return null;
    }

    private static void initPartitionResponse(Struct partitionResponse) {
        partitionResponse.set("error_code", Errors.NONE.code())
                .set("base_offset", -1L)
                .set("log_append_time_ms", -1L)
                .set("log_start_offset", -1L)
                .set("record_errors", new ArrayList<>());
    }

    static void setError(Struct partitionResponse, Errors error, String message) {
        partitionResponse.set("error_code", error.code()).set("error_message", message);
    }

    /** What can be refused before touching a log. */
    static Errors precheck(short version, short acks, String topic, ByteBuffer records) {
        if (version < MIN_SUPPORTED_VERSION) {
            return Errors.UNSUPPORTED_VERSION;
        }
        if (acks != 0 && acks != 1 && acks != -1) {
            return Errors.INVALID_REQUIRED_ACKS;
        }
        if (!TopicNames.isValid(topic)) {
            return Errors.INVALID_TOPIC_EXCEPTION;
        }
        return checkSingleBatch(version, records);
    }

    /**
     * Produce v3+ carries exactly one v2 batch per partition (Kafka checks the same before the log
     * sees it); zstd only from v7.
     */
    static Errors checkSingleBatch(short version, ByteBuffer records) {
        if (records == null || !records.hasRemaining()) {
            return Errors.INVALID_RECORD;
        }
        int start = records.position();
        int remaining = records.remaining();
        if (remaining < RecordBatch.SIZE_AND_MAGIC_HEADER) {
            return Errors.CORRUPT_MESSAGE;
        }
        byte magic = records.get(start + RecordBatch.MAGIC_OFFSET);
        if (magic != RecordBatch.MAGIC_V2) {
            return Errors.INVALID_RECORD;
        }
        long size = (long) records.getInt(start + RecordBatch.LENGTH_OFFSET) + RecordBatch.LOG_OVERHEAD;
        if (remaining < RecordBatch.HEADER_SIZE || size < RecordBatch.HEADER_SIZE || size > remaining) {
            return Errors.CORRUPT_MESSAGE;
        }
        if (size != remaining) {
            return Errors.INVALID_RECORD;
        }
        try {
            if (version < MIN_ZSTD_VERSION && RecordBatch.at(records, start).compressionType() == CompressionType.ZSTD) {
                return Errors.UNSUPPORTED_COMPRESSION_TYPE;
            }
        } catch (CorruptRecordException | IllegalArgumentException e) {
            return Errors.CORRUPT_MESSAGE;
        }
        return Errors.NONE;
    }
}
