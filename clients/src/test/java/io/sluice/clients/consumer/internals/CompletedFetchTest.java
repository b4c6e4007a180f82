package io.sluice.clients.consumer.internals;

import io.sluice.clients.common.SluiceException;
import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.consumer.ConsumerRecord;
import io.sluice.clients.serialization.StringDeserializer;
import io.sluice.record.CompressionType;
import io.sluice.record.ControlRecordType;
import io.sluice.record.EndTransactionMarker;
import io.sluice.record.RecordBatchBuilder;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Decoding one partition's fetched batches: offsets, control batches, aborted transactions, codecs, CRCs. */
class CompletedFetchTest {

    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final StringDeserializer STRINGS = new StringDeserializer();

    private static ByteBuffer batch(long baseOffset, long producerId, boolean transactional, CompressionType codec, String... values) {
        RecordBatchBuilder b = new RecordBatchBuilder(codec).baseOffset(baseOffset).partitionLeaderEpoch(3);
        if (producerId >= 0) {
            b.producer(producerId, (short) 0, (int) baseOffset).transactional(transactional);
        }
        for (String v : values) {
            b.append(1_000L, ("k" + v).getBytes(StandardCharsets.UTF_8), v.getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    private static ByteBuffer marker(long offset, long producerId, ControlRecordType type) {
        return RecordBatchBuilder.endTransactionMarker(offset, 1_000L, 3, producerId, (short) 0, new EndTransactionMarker(type, 0));
    }

    private static ByteBuffer concat(ByteBuffer... parts) {
        int size = 0;
        for (ByteBuffer p : parts) {
            size += p.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (ByteBuffer p : parts) {
            out.put(p.duplicate());
        }
        return out.flip();
    }

    /** Offsets 0-1 aborted txn of producer 1, 2-3 plain, 4 ABORT, 5-6 txn of producer 3, 7 COMMIT, 8 txn of producer 1. */
    private static ByteBuffer transactionalLog() {
        return concat(batch(0, 1, true, CompressionType.NONE, "a0", "a1"),
                batch(2, 2, false, CompressionType.GZIP, "b2", "b3"),
                marker(4, 1, ControlRecordType.ABORT),
                batch(5, 3, true, CompressionType.ZSTD, "d5", "d6"),
                marker(7, 3, ControlRecordType.COMMIT),
                batch(8, 1, true, CompressionType.LZ4, "f8"));
    }

    private static List<String> drainAll(CompletedFetch f, int step) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        while (!f.isExhausted()) {
            int before = out.size();
            int n = f.drain(step, STRINGS, STRINGS, out);
            assertThat(n).isEqualTo(out.size() - before).isLessThanOrEqualTo(step);
        }
        return out.stream().map(ConsumerRecord::value).toList();
    }

    @Test
    void readCommittedDropsAbortedTransactionsAndMarkers() {
        CompletedFetch f = new CompletedFetch(TP, 0, transactionalLog(), List.of(new CompletedFetch.Aborted(1, 0)), true, true);
        assertThat(drainAll(f, 2)).containsExactly("b2", "b3", "d5", "d6", "f8");
        assertThat(f.nextFetchOffset()).isEqualTo(9);
    }

    @Test
    void readUncommittedKeepsAbortedDataButNeverMarkers() {
        CompletedFetch f = new CompletedFetch(TP, 0, transactionalLog(), List.of(new CompletedFetch.Aborted(1, 0)), false, true);
        assertThat(drainAll(f, 100)).containsExactly("a0", "a1", "b2", "b3", "d5", "d6", "f8");
        assertThat(f.nextFetchOffset()).isEqualTo(9);
    }

    @Test
    void startsInsideABatchAndMovesPastTrailingMarkers() {
        ByteBuffer log = concat(batch(0, -1, false, CompressionType.SNAPPY, "x0", "x1", "x2"), marker(3, 9, ControlRecordType.COMMIT));
        CompletedFetch f = new CompletedFetch(TP, 1, log, List.of(), true, true);
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        f.drain(10, STRINGS, STRINGS, out);
        assertThat(out).extracting(ConsumerRecord::offset).containsExactly(1L, 2L);
        assertThat(out.get(0).key()).isEqualTo("kx1");
        assertThat(out.get(0).leaderEpoch()).contains(3);
        assertThat(f.isExhausted()).isTrue();
        // The marker at offset 3 is consumed too, so the next fetch starts after it.
        assertThat(f.nextFetchOffset()).isEqualTo(4);
    }

    @Test
    void aPartialTrailingBatchIsLeftForTheNextFetch() {
        ByteBuffer whole = batch(0, -1, false, CompressionType.NONE, "p0");
        ByteBuffer next = batch(1, -1, false, CompressionType.NONE, "p1");
        ByteBuffer truncated = concat(whole, next.duplicate().limit(next.limit() - 5));
        CompletedFetch f = new CompletedFetch(TP, 0, truncated, List.of(), false, true);
        assertThat(drainAll(f, 10)).containsExactly("p0");
        assertThat(f.nextFetchOffset()).isEqualTo(1);
    }

    @Test
    void aCorruptBatchFailsWithThePartitionAndOffset() {
        ByteBuffer b = batch(0, -1, false, CompressionType.NONE, "c0");
        b.put(b.limit() - 1, (byte) (b.get(b.limit() - 1) ^ 1));
        CompletedFetch f = new CompletedFetch(TP, 0, b, List.of(), false, true);
        assertThatThrownBy(() -> f.drain(10, STRINGS, STRINGS, new ArrayList<>()))
                .isInstanceOf(SluiceException.class).hasMessageContaining("t-0").hasMessageContaining("offset 0");
    }

    @Test
    void recordsCarryTheirHeadersInOrderAndTheBatchLeaderEpoch() {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE).baseOffset(0).partitionLeaderEpoch(5);
        b.append(1_000L, null, "plain".getBytes(StandardCharsets.UTF_8), new io.sluice.record.Header[0]);
        b.append(1_000L, null, "tagged".getBytes(StandardCharsets.UTF_8), new io.sluice.record.Header[] {
            io.sluice.record.Header.of("a", "1"), io.sluice.record.Header.of("b", null), io.sluice.record.Header.of("a", "2")});
        CompletedFetch f = new CompletedFetch(TP, 0, b.build(), List.of(), false, true);
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        f.drain(10, STRINGS, STRINGS, out);

        assertThat(out).hasSize(2);
        assertThat(out.get(0).headers()).isEmpty();
        assertThat(out.get(1).headers()).extracting(io.sluice.record.Header::key).containsExactly("a", "b", "a");
        assertThat(new String(out.get(1).lastHeader("a").value(), StandardCharsets.UTF_8)).isEqualTo("2");
        assertThat(out.get(1).headers().get(1).value()).isNull();
        assertThatThrownBy(() -> out.get(1).headers().add(io.sluice.record.Header.of("c", "3")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(out).allSatisfy(r -> assertThat(r.leaderEpoch()).contains(5));
    }
}
