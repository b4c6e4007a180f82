package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random batches round-trip through our builder and reader for every codec, Kafka's reader sees
 * the same fields, and Kafka's writer produces the same bytes from the same input.
 */
class RecordRoundTripProperties {

    @Property(tries = 300)
    void randomBatchesRoundTrip(@ForAll("batches") BatchSpec spec) {
        ByteBuffer ours = spec.buildWithSluice();
        KafkaOracle.assertHoldsSpec(ours, spec);
        KafkaOracle.assertSameView(ours);
        assertThat(ours).isEqualTo(spec.buildWithKafka());
    }

    @Provide
    Arbitrary<BatchSpec> batches() {
        Arbitrary<byte[]> nullableBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300).injectNull(0.15);
        Arbitrary<Header> headers = Combinators.combine(
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20).injectNull(0.3)).as(Header::new);
        Arbitrary<BatchSpec.Rec> records = Combinators.combine(
                Arbitraries.longs().between(0, 1L << 42).injectNull(0.05),
                nullableBytes, nullableBytes,
                headers.list().ofMaxSize(4))
                .as((timestamp, key, value, hs) -> new BatchSpec.Rec(timestamp == null ? RecordBatch.NO_TIMESTAMP : timestamp,
                        key, value, hs.toArray(new Header[0])));
        Arbitrary<List<BatchSpec.Rec>> recordLists = records.list().ofMinSize(1).ofMaxSize(40);
        Arbitrary<long[]> producers = Combinators.combine(
                Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.shorts().between((short) 0, Short.MAX_VALUE),
                Arbitraries.integers().between(0, Integer.MAX_VALUE))
                .as((id, epoch, sequence) -> new long[] {id, epoch, sequence})
                .injectNull(0.3)
                .map(p -> p == null ? new long[] {-1, -1, -1} : p);
        return Combinators.combine(
                Arbitraries.of(CompressionType.class),
                Arbitraries.longs().between(0, 1L << 50),
                producers,
                Arbitraries.of(true, false),
                Arbitraries.integers().between(-1, 1000),
                Arbitraries.longs().between(0, 1L << 42).injectNull(0.7),
                Arbitraries.longs().between(0, 1L << 42).injectNull(0.8),
                recordLists)
                .as((compression, baseOffset, producer, transactional, leaderEpoch, logAppendTime, horizon, recs) -> {
                    BatchSpec spec = new BatchSpec();
                    spec.compression = compression;
                    spec.baseOffset = baseOffset;
                    spec.producerId = producer[0];
                    spec.producerEpoch = (short) producer[1];
                    spec.baseSequence = (int) producer[2];
                    spec.transactional = transactional && producer[0] >= 0;
                    spec.partitionLeaderEpoch = leaderEpoch;
                    if (logAppendTime != null) {
                        spec.timestampType = TimestampType.LOG_APPEND_TIME;
                        spec.logAppendTime = logAppendTime;
                    }
                    spec.deleteHorizonMs = horizon;
                    spec.records.addAll(recs);
                    return spec;
                });
    }
}
