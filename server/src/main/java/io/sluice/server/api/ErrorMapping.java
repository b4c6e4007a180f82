package io.sluice.server.api;

import io.sluice.protocol.Errors;
import io.sluice.record.CorruptRecordException;
import io.sluice.record.UnsupportedMagicException;
import io.sluice.server.log.InvalidOffsetException;
import io.sluice.server.log.InvalidProducerEpochException;
import io.sluice.server.log.InvalidRecordException;
import io.sluice.server.log.KafkaStorageException;
import io.sluice.server.log.OffsetOutOfRangeException;
import io.sluice.server.log.OutOfOrderSequenceException;
import io.sluice.server.log.RecordBatchTooLargeException;
import io.sluice.server.log.RecordTooLargeException;
import io.sluice.server.partition.FencedLeaderEpochException;
import io.sluice.server.partition.NotEnoughReplicasException;
import io.sluice.server.partition.NotLeaderOrFollowerException;
import io.sluice.server.partition.UnknownLeaderEpochException;
import io.sluice.server.partition.UnknownTopicOrPartitionException;
import io.sluice.zk.errors.AdminException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the broker's exceptions become wire error codes. Handlers catch per partition
 * (or per request) and answer {@link #toError}; anything not listed is a bug or an unexpected failure
 * and becomes UNKNOWN_SERVER_ERROR, logged once here with its stack.
 *
 * <pre>
 * exception                               error
 * UnknownTopicOrPartitionException        UNKNOWN_TOPIC_OR_PARTITION (3)
 * NotLeaderOrFollowerException            NOT_LEADER_OR_FOLLOWER (6)
 * FencedLeaderEpochException              FENCED_LEADER_EPOCH (74)
 * UnknownLeaderEpochException             UNKNOWN_LEADER_EPOCH (75)
 * NotEnoughReplicasException              NOT_ENOUGH_REPLICAS (19)
 * OffsetOutOfRangeException               OFFSET_OUT_OF_RANGE (1)
 * RecordBatchTooLargeException            RECORD_LIST_TOO_LARGE (18)   batch larger than a segment
 * RecordTooLargeException                 MESSAGE_TOO_LARGE (10)       batch above max.message.bytes
 * UnsupportedMagicException               INVALID_RECORD (87)          magic 0/1 batches are not stored
 * CorruptRecordException                  CORRUPT_MESSAGE (2)          CRC, sizes, varints
 * InvalidRecordException                  INVALID_RECORD (87)
 * InvalidOffsetException                  INVALID_RECORD (87)
 * OutOfOrderSequenceException             OUT_OF_ORDER_SEQUENCE_NUMBER (45)
 * InvalidProducerEpochException           INVALID_PRODUCER_EPOCH (47)
 * KafkaStorageException                   KAFKA_STORAGE_ERROR (56)
 * AdminException                          its own code
 * </pre>
 * Subclasses are tested before their parents (the order of the checks matters).
 */
public final class ErrorMapping {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {
    }

    public static Errors toError(Throwable t) {
        Throwable e = unwrap(t);
        if (e instanceof UnknownTopicOrPartitionException) {
            return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        } else if (e instanceof NotLeaderOrFollowerException) {
            return Errors.NOT_LEADER_OR_FOLLOWER;
        } else if (e instanceof FencedLeaderEpochException) {
            return Errors.FENCED_LEADER_EPOCH;
        } else if (e instanceof UnknownLeaderEpochException) {
            return Errors.UNKNOWN_LEADER_EPOCH;
        } else if (e instanceof NotEnoughReplicasException) {
            return Errors.NOT_ENOUGH_REPLICAS;
        } else if (e instanceof OffsetOutOfRangeException) {
            return Errors.OFFSET_OUT_OF_RANGE;
        } else if (e instanceof RecordBatchTooLargeException) {
            return Errors.RECORD_LIST_TOO_LARGE;
        } else if (e instanceof RecordTooLargeException) {
            return Errors.MESSAGE_TOO_LARGE;
        } else if (e instanceof UnsupportedMagicException) {
            return Errors.INVALID_RECORD;
        } else if (e instanceof CorruptRecordException) {
            return Errors.CORRUPT_MESSAGE;
        } else if (e instanceof InvalidRecordException || e instanceof InvalidOffsetException) {
            return Errors.INVALID_RECORD;
        } else if (e instanceof OutOfOrderSequenceException) {
            return Errors.OUT_OF_ORDER_SEQUENCE_NUMBER;
        } else if (e instanceof InvalidProducerEpochException) {
            return Errors.INVALID_PRODUCER_EPOCH;
        } else if (e instanceof KafkaStorageException) {
            return Errors.KAFKA_STORAGE_ERROR;
        } else if (e instanceof AdminException admin) {
            return Errors.forCode(admin.errorCode());
        }
        log.error("Unexpected error answered as UNKNOWN_SERVER_ERROR", e);
        return Errors.UNKNOWN_SERVER_ERROR;
    }

    /** The message to send beside the code (Produce v8+ error_message), or null. */
    public static String message(Throwable t) {
        return unwrap(t).getMessage();
    }

    private static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
