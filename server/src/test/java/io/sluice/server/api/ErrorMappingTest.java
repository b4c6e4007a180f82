package io.sluice.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.Errors;
import io.sluice.record.CorruptRecordException;
import io.sluice.record.UnsupportedMagicException;
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
import org.junit.jupiter.api.Test;

class ErrorMappingTest {

    @Test
    void eachBrokerExceptionHasItsWireCode() {
        assertThat(ErrorMapping.toError(new UnknownTopicOrPartitionException("x"))).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(ErrorMapping.toError(new NotLeaderOrFollowerException("x"))).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(ErrorMapping.toError(new FencedLeaderEpochException("x"))).isEqualTo(Errors.FENCED_LEADER_EPOCH);
        assertThat(ErrorMapping.toError(new UnknownLeaderEpochException("x"))).isEqualTo(Errors.UNKNOWN_LEADER_EPOCH);
        assertThat(ErrorMapping.toError(new NotEnoughReplicasException("x"))).isEqualTo(Errors.NOT_ENOUGH_REPLICAS);
        assertThat(ErrorMapping.toError(new OffsetOutOfRangeException("x"))).isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
        assertThat(ErrorMapping.toError(new CorruptRecordException("x"))).isEqualTo(Errors.CORRUPT_MESSAGE);
        assertThat(ErrorMapping.toError(new InvalidRecordException("x"))).isEqualTo(Errors.INVALID_RECORD);
        assertThat(ErrorMapping.toError(new OutOfOrderSequenceException("x"))).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertThat(ErrorMapping.toError(new InvalidProducerEpochException("x"))).isEqualTo(Errors.INVALID_PRODUCER_EPOCH);
        assertThat(ErrorMapping.toError(new KafkaStorageException("x"))).isEqualTo(Errors.KAFKA_STORAGE_ERROR);
        assertThat(ErrorMapping.toError(new AdminException.InvalidTopic("x"))).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
    }

    @Test
    void subclassesAreMappedBeforeTheirParents() {
        // A batch larger than a segment is RECORD_LIST_TOO_LARGE, one above max.message.bytes MESSAGE_TOO_LARGE.
        assertThat(ErrorMapping.toError(new RecordBatchTooLargeException("x"))).isEqualTo(Errors.RECORD_LIST_TOO_LARGE);
        assertThat(ErrorMapping.toError(new RecordTooLargeException("x"))).isEqualTo(Errors.MESSAGE_TOO_LARGE);
        // Old message formats are refused as invalid, not as corrupt.
        assertThat(ErrorMapping.toError(new UnsupportedMagicException((byte) 1))).isEqualTo(Errors.INVALID_RECORD);
    }

    @Test
    void wrappersAreLookedThroughAndSurprisesAreUnknownServerErrors() {
        assertThat(ErrorMapping.toError(new CompletionException(new NotLeaderOrFollowerException("x"))))
                .isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(ErrorMapping.toError(new IllegalStateException("bug"))).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
        assertThat(ErrorMapping.message(new CompletionException(new OffsetOutOfRangeException("why")))).isEqualTo("why");
    }
}
