package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;

/** Compares what our reader sees in a buffer of batches with what Kafka's own reader sees, field by field. */
final class KafkaOracle {

    private KafkaOracle() {
    }

    /** Parses {@code buffer} with both readers and asserts that every batch and record field agrees. Returns the batch count. */
    static int assertSameView(ByteBuffer buffer) {
        List<MutableRecordBatch> theirs = new ArrayList<>();
        MemoryRecords.readableRecords(buffer.duplicate()).batches().forEach(theirs::add);
        List<RecordBatch> ours = new ArrayList<>();
        RecordBatches.iterate(buffer).forEach(ours::add);
        assertThat(ours).hasSameSizeAs(theirs);
        for (int i = 0; i < ours.size(); i++) {
            assertSameBatch(ours.get(i), theirs.get(i));
        }
        return ours.size();
    }

    static void assertSameBatch(RecordBatch ours, MutableRecordBatch theirs) {
        theirs.ensureValid();
        ours.validate();
        DefaultRecordBatch kafka = (DefaultRecordBatch) theirs;
        assertThat(ours.baseOffset()).isEqualTo(kafka.baseOffset());
        assertThat(ours.lastOffset()).isEqualTo(kafka.lastOffset());
        assertThat(ours.nextOffset()).isEqualTo(kafka.nextOffset());
        assertThat(ours.recordsCount()).isEqualTo(kafka.countOrNull());
        assertThat(ours.sizeInBytes()).isEqualTo(kafka.sizeInBytes());
        assertThat(ours.partitionLeaderEpoch()).isEqualTo(kafka.partitionLeaderEpoch());
        assertThat(ours.magic()).isEqualTo(kafka.magic());
        assertThat(ours.checksum()).isEqualTo(kafka.checksum());
        assertThat(ours.isValid()).isEqualTo(kafka.isValid());
        assertThat(ours.compressionType().id).isEqualTo(kafka.compressionType().id);
        assertThat(ours.compressionType().name).isEqualTo(kafka.compressionType().name);
        assertThat(ours.timestampType().name).isEqualTo(kafka.timestampType().name);
        assertThat(ours.isTransactional()).isEqualTo(kafka.isTransactional());
        assertThat(ours.isControlBatch()).isEqualTo(kafka.isControlBatch());
        assertThat(ours.deleteHorizonMs()).isEqualTo(kafka.deleteHorizonMs());
        assertThat(ours.baseTimestamp()).isEqualTo(kafka.baseTimestamp());
        assertThat(ours.maxTimestamp()).isEqualTo(kafka.maxTimestamp());
        assertThat(ours.producerId()).isEqualTo(kafka.producerId());
        assertThat(ours.producerEpoch()).isEqualTo(kafka.producerEpoch());
        assertThat(ours.baseSequence()).isEqualTo(kafka.baseSequence());
        assertThat(ours.lastSequence()).isEqualTo(kafka.lastSequence());

        ours.validateRecords();
        Iterator<Record> ourRecords = ours.iterator();
        Iterator<org.apache.kafka.common.record.Record> theirRecords = kafka.iterator();
        RecordCursor cursor = ours.cursor();
        while (theirRecords.hasNext()) {
            org.apache.kafka.common.record.Record expected = theirRecords.next();
            assertThat(ourRecords.hasNext()).isTrue();
            Record actual = ourRecords.next();
            assertThat(cursor.next()).isTrue();
            assertSameRecord(actual, expected);
            assertSameRecord(cursor.toRecord(), expected);
            assertThat(cursor.offset()).isEqualTo(expected.offset());
            assertThat(cursor.timestamp()).isEqualTo(expected.timestamp());
            assertThat(cursor.sequence()).isEqualTo(expected.sequence());
            if (ours.isControlBatch()) {
                org.apache.kafka.common.record.EndTransactionMarker theirMarker =
                        org.apache.kafka.common.record.EndTransactionMarker.deserialize(expected);
                EndTransactionMarker ourMarker = EndTransactionMarker.read(actual);
                assertThat(ourMarker.type().name()).isEqualTo(theirMarker.controlType().name());
                assertThat(ourMarker.coordinatorEpoch()).isEqualTo(theirMarker.coordinatorEpoch());
            }
        }
        assertThat(ourRecords.hasNext()).isFalse();
        assertThat(cursor.next()).isFalse();
    }

    static void assertSameRecord(Record actual, org.apache.kafka.common.record.Record expected) {
        assertThat(actual.offset()).isEqualTo(expected.offset());
        assertThat(actual.timestamp()).isEqualTo(expected.timestamp());
        assertThat(actual.sequence()).isEqualTo(expected.sequence());
        assertThat(actual.sizeInBytes()).isEqualTo(expected.sizeInBytes());
        assertThat(actual.keySize()).isEqualTo(expected.keySize());
        assertThat(actual.valueSize()).isEqualTo(expected.valueSize());
        assertThat(actual.hasKey()).isEqualTo(expected.hasKey());
        assertThat(actual.hasValue()).isEqualTo(expected.hasValue());
        assertThat(actual.key()).isEqualTo(expected.key());
        assertThat(actual.value()).isEqualTo(expected.value());
        org.apache.kafka.common.header.Header[] theirHeaders = expected.headers();
        Header[] ourHeaders = actual.headers();
        assertThat(ourHeaders).hasSameSizeAs(theirHeaders);
        for (int h = 0; h < ourHeaders.length; h++) {
            assertThat(ourHeaders[h].key()).isEqualTo(theirHeaders[h].key());
            assertThat(ourHeaders[h].value()).isEqualTo(theirHeaders[h].value());
        }
    }

    /** Asserts that the batch in {@code buffer} holds exactly the records of {@code spec}. */
    static void assertHoldsSpec(ByteBuffer buffer, BatchSpec spec) {
        RecordBatch batch = RecordBatch.at(buffer);
        batch.validateRecords();
        assertThat(batch.baseOffset()).isEqualTo(spec.baseOffset);
        assertThat(batch.recordsCount()).isEqualTo(spec.records.size());
        assertThat(batch.compressionType()).isEqualTo(spec.compression);
        assertThat(batch.timestampType()).isEqualTo(spec.timestampType);
        assertThat(batch.producerId()).isEqualTo(spec.producerId);
        assertThat(batch.producerEpoch()).isEqualTo(spec.producerEpoch);
        assertThat(batch.baseSequence()).isEqualTo(spec.baseSequence);
        assertThat(batch.isTransactional()).isEqualTo(spec.transactional);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(spec.partitionLeaderEpoch);
        assertThat(batch.hasDeleteHorizon()).isEqualTo(spec.deleteHorizonMs != null);
        int i = 0;
        for (Record record : batch) {
            BatchSpec.Rec rec = spec.records.get(i);
            assertThat(record.offset()).isEqualTo(spec.baseOffset + i);
            assertThat(record.timestamp()).isEqualTo(
                    spec.timestampType == TimestampType.LOG_APPEND_TIME ? spec.logAppendTime : rec.timestamp());
            assertThat(record.sequence()).isEqualTo(RecordCursor.sequenceOf(spec.baseSequence, i));
            assertThat(bytes(record.key())).isEqualTo(rec.key());
            assertThat(bytes(record.value())).isEqualTo(rec.value());
            assertThat(record.headers()).containsExactly(rec.headers());
            i++;
        }
        assertThat(i).isEqualTo(spec.records.size());
    }

    static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
