package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Batches written by Apache Kafka's own MemoryRecordsBuilder are read by ours, and batches written
 * by ours are read by Kafka's, for every codec; both readers must agree on every field.
 */
class KafkaInteropTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A batch exercising every record shape: keys and values null or not, headers with null values, empty arrays. */
    private static BatchSpec richSpec(CompressionType compression) {
        BatchSpec spec = new BatchSpec();
        spec.compression = compression;
        spec.baseOffset = 1234;
        spec.partitionLeaderEpoch = 7;
        long t = 1_700_000_000_000L;
        spec.add(t, utf8("key-0"), utf8("value-0"));
        spec.add(t + 5, null, utf8("no key"), Header.of("a", "1"), Header.of("b", null));
        spec.add(t - 3, utf8("tombstone"), null);
        spec.add(t + 1000, null, null, Header.of("only-null", null));
        spec.add(t + 2, new byte[0], new byte[0], new Header("empty", new byte[0]));
        byte[] big = new byte[200_000];
        new Random(42).nextBytes(big);
        spec.add(t + 7, utf8("big-random"), big);
        byte[] text = utf8("compressible ".repeat(20_000));
        spec.add(t + 8, utf8("big-text"), text, Header.of("ünïcödé", "välüe"));
        return spec;
    }

    private static BatchSpec idempotent(BatchSpec spec) {
        spec.producerId = 7000;
        spec.producerEpoch = 3;
        spec.baseSequence = 42;
        return spec;
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void kafkaBuiltBatchesReadTheSameWithOurReader(CompressionType compression) {
        List<BatchSpec> specs = new ArrayList<>();
        specs.add(richSpec(compression));
        specs.add(idempotent(richSpec(compression)));
        BatchSpec transactional = idempotent(richSpec(compression));
        transactional.transactional = true;
        specs.add(transactional);
        BatchSpec logAppend = richSpec(compression);
        logAppend.timestampType = TimestampType.LOG_APPEND_TIME;
        logAppend.logAppendTime = 1_800_000_000_000L;
        specs.add(logAppend);
        BatchSpec horizon = richSpec(compression);
        horizon.deleteHorizonMs = 1_600_000_000_000L;
        specs.add(horizon);
        BatchSpec wrapping = idempotent(richSpec(compression));
        wrapping.baseSequence = Integer.MAX_VALUE - 2;
        specs.add(wrapping);

        for (BatchSpec spec : specs) {
            ByteBuffer kafkaBatch = spec.buildWithKafka();
            assertThat(KafkaOracle.assertSameView(kafkaBatch)).isEqualTo(1);
            KafkaOracle.assertHoldsSpec(kafkaBatch, spec);
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void ourBatchesReadTheSameWithKafkasReader(CompressionType compression) {
        List<BatchSpec> specs = new ArrayList<>();
        specs.add(richSpec(compression));
        BatchSpec transactional = idempotent(richSpec(compression));
        transactional.transactional = true;
        specs.add(transactional);
        BatchSpec logAppend = idempotent(richSpec(compression));
        logAppend.timestampType = TimestampType.LOG_APPEND_TIME;
        logAppend.logAppendTime = 1_800_000_000_000L;
        specs.add(logAppend);
        BatchSpec horizon = richSpec(compression);
        horizon.deleteHorizonMs = 1_600_000_000_000L;
        specs.add(horizon);

        for (BatchSpec spec : specs) {
            ByteBuffer ourBatch = spec.buildWithSluice();
            MemoryRecords records = MemoryRecords.readableRecords(ourBatch.duplicate());
            int batches = 0;
            for (MutableRecordBatch batch : records.batches()) {
                batch.ensureValid();
                assertThat(batch.isValid()).isTrue();
                int i = 0;
                for (org.apache.kafka.common.record.Record record : batch) {
                    BatchSpec.Rec rec = spec.records.get(i);
                    record.ensureValid();
                    assertThat(record.offset()).isEqualTo(spec.baseOffset + i);
                    assertThat(KafkaOracle.bytes(record.key())).isEqualTo(rec.key());
                    assertThat(KafkaOracle.bytes(record.value())).isEqualTo(rec.value());
                    assertThat(record.headers()).hasSize(rec.headers().length);
                    i++;
                }
                assertThat(i).isEqualTo(spec.records.size());
                batches++;
            }
            assertThat(batches).isEqualTo(1);
            KafkaOracle.assertSameView(ourBatch);
            KafkaOracle.assertHoldsSpec(ourBatch, spec);
        }
    }

    /**
     * Same input, same bytes: for every codec our writer produces exactly Kafka's batch, since both
     * use the same block formats, buffer sizes and compressor settings.
     */
    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void ourBatchIsByteForByteKafkas(CompressionType compression) {
        BatchSpec spec = idempotent(richSpec(compression));
        spec.transactional = true;
        assertThat(spec.buildWithSluice()).isEqualTo(spec.buildWithKafka());
    }

    @Test
    void transactionMarkersMatchKafkasInBothDirections() {
        for (org.apache.kafka.common.record.ControlRecordType type
                : new org.apache.kafka.common.record.ControlRecordType[] {
                        org.apache.kafka.common.record.ControlRecordType.COMMIT,
                        org.apache.kafka.common.record.ControlRecordType.ABORT}) {
            MemoryRecords theirs = MemoryRecords.withEndTransactionMarker(500L, 1_700_000_000_123L, 9, 7000L, (short) 4,
                    new org.apache.kafka.common.record.EndTransactionMarker(type, 17));
            ByteBuffer theirBuffer = theirs.buffer();
            KafkaOracle.assertSameView(theirBuffer);
            RecordBatch batch = RecordBatch.at(theirBuffer);
            assertThat(batch.isControlBatch()).isTrue();
            assertThat(batch.isTransactional()).isTrue();
            Record record = batch.iterator().next();
            assertThat(ControlRecordType.parse(record.key()).name()).isEqualTo(type.name());
            assertThat(EndTransactionMarker.read(record))
                    .isEqualTo(new EndTransactionMarker(ControlRecordType.valueOf(type.name()), 17));

            ByteBuffer ours = RecordBatchBuilder.endTransactionMarker(500L, 1_700_000_000_123L, 9, 7000L, (short) 4,
                    new EndTransactionMarker(ControlRecordType.valueOf(type.name()), 17));
            assertThat(ours).isEqualTo(theirBuffer);
            KafkaOracle.assertSameView(ours);
        }
    }

    @Test
    void concatenatedBatchesOfMixedCodecsReadTheSame() {
        ByteBuffer all = ByteBuffer.allocate(4 * 1024 * 1024);
        long offset = 0;
        for (CompressionType compression : CompressionType.values()) {
            BatchSpec spec = idempotent(richSpec(compression));
            spec.baseOffset = offset;
            all.put(spec.buildWithKafka());
            offset += spec.records.size();
            spec.baseOffset = offset;
            all.put(spec.buildWithSluice());
            offset += spec.records.size();
        }
        all.flip();
        assertThat(KafkaOracle.assertSameView(all)).isEqualTo(2 * CompressionType.values().length);
    }
}
