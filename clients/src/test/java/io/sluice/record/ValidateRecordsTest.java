package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.common.ByteUtils;
import io.sluice.record.codec.DecompressedSizeExceededException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every way validateRecords() must refuse a batch, and that it accepts the good ones. */
class ValidateRecordsTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ByteBuffer batch(CompressionType compression, int records) {
        RecordBatchBuilder builder = new RecordBatchBuilder(compression).baseOffset(100);
        for (int i = 0; i < records; i++) {
            builder.append(1000 + i, utf8("k" + i), utf8("value " + i), Header.of("h", "v"));
        }
        return builder.build();
    }

    /** Rewrites the CRC after a deliberate change, so only the change itself is wrong. */
    private static void fixCrc(ByteBuffer buffer) {
        RecordBatch batch = RecordBatch.at(buffer);
        buffer.putInt(RecordBatch.CRC_OFFSET, (int) batch.computeChecksum());
    }

    /** An uncompressed batch whose records section is exactly {@code records}, with a correct header and CRC. */
    private static ByteBuffer withRecordsSection(byte[] records, int count, int lastOffsetDelta) {
        ByteBuffer good = batch(CompressionType.NONE, 1);
        ByteBuffer buffer = ByteBuffer.allocate(RecordBatch.HEADER_SIZE + records.length);
        buffer.put(good.slice(0, RecordBatch.HEADER_SIZE)).put(records).flip();
        buffer.putInt(RecordBatch.LENGTH_OFFSET, buffer.limit() - RecordBatch.LOG_OVERHEAD);
        buffer.putInt(RecordBatch.RECORDS_COUNT_OFFSET, count);
        buffer.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, lastOffsetDelta);
        fixCrc(buffer);
        return buffer;
    }

    /** One record encoded by hand: attributes 0, timestampDelta 0, the given offsetDelta, key "k", value "v", no headers. */
    private static byte[] record(int offsetDelta) {
        ByteBuffer body = ByteBuffer.allocate(32);
        body.put((byte) 0);
        ByteUtils.writeVarlong(0, body);
        ByteUtils.writeVarint(offsetDelta, body);
        ByteUtils.writeVarint(1, body);
        body.put((byte) 'k');
        ByteUtils.writeVarint(1, body);
        body.put((byte) 'v');
        ByteUtils.writeVarint(0, body);
        body.flip();
        ByteBuffer record = ByteBuffer.allocate(40);
        ByteUtils.writeVarint(body.remaining(), record);
        record.put(body).flip();
        byte[] bytes = new byte[record.remaining()];
        record.get(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer all = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void acceptsWellFormedBatches(CompressionType compression) {
        assertThatCode(() -> RecordBatch.at(batch(compression, 50)).validateRecords()).doesNotThrowAnyException();
        assertThatCode(() -> RecordBatch.at(withRecordsSection(concat(record(0), record(1), record(2)), 3, 2)).validateRecords())
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void refusesARecordCountAboveTheRecordsPresent(CompressionType compression) {
        ByteBuffer buffer = batch(compression, 5);
        buffer.putInt(RecordBatch.RECORDS_COUNT_OFFSET, 6);
        buffer.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, 5);
        fixCrc(buffer);
        assertThatThrownBy(() -> RecordBatch.at(buffer).validateRecords())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("declares 6 records but holds only 5");
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void refusesARecordCountBelowTheRecordsPresent(CompressionType compression) {
        ByteBuffer buffer = batch(compression, 5);
        buffer.putInt(RecordBatch.RECORDS_COUNT_OFFSET, 4);
        buffer.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, 3);
        fixCrc(buffer);
        assertThatThrownBy(() -> RecordBatch.at(buffer).validateRecords())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("bytes after its 4 records");
    }

    @Test
    void refusesALastOffsetDeltaThatDisagreesWithTheCount() {
        ByteBuffer buffer = batch(CompressionType.NONE, 5);
        buffer.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, 7);
        fixCrc(buffer);
        assertThatThrownBy(() -> RecordBatch.at(buffer).validateRecords())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("lastOffsetDelta 7");
    }

    @Test
    void refusesAnEmptyBatch() {
        ByteBuffer buffer = withRecordsSection(new byte[0], 0, 0);
        assertThatThrownBy(() -> RecordBatch.at(buffer).validateRecords())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("at least one record");
    }

    @Test
    void refusesOffsetDeltasOutOfOrder() {
        ByteBuffer swapped = withRecordsSection(concat(record(0), record(2), record(1)), 3, 2);
        assertThatThrownBy(() -> RecordBatch.at(swapped).validateRecords())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("offsetDelta 2");
        ByteBuffer gap = withRecordsSection(concat(record(0), record(1), record(3)), 3, 2);
        assertThatThrownBy(() -> RecordBatch.at(gap).validateRecords())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("offsetDelta 3");
        ByteBuffer repeated = withRecordsSection(concat(record(0), record(0)), 2, 1);
        assertThatThrownBy(() -> RecordBatch.at(repeated).validateRecords())
                .isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void refusesABadCrc() {
        ByteBuffer buffer = batch(CompressionType.NONE, 3);
        int last = buffer.limit() - 1;
        buffer.put(last, (byte) (buffer.get(last) ^ 0x01));
        assertThat(RecordBatch.at(buffer).isValid()).isFalse();
        assertThatThrownBy(() -> RecordBatch.at(buffer).validateRecords())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("CRC mismatch");
    }

    @Test
    void partitionLeaderEpochIsNotCoveredByTheCrc() {
        ByteBuffer buffer = batch(CompressionType.NONE, 3);
        RecordBatch.at(buffer).setPartitionLeaderEpoch(99);
        assertThatCode(() -> RecordBatch.at(buffer).validateRecords()).doesNotThrowAnyException();
    }

    @Test
    void refusesMagicZeroAndOne() {
        for (byte magic : new byte[] {0, 1, 3}) {
            ByteBuffer buffer = batch(CompressionType.NONE, 3);
            buffer.put(RecordBatch.MAGIC_OFFSET, magic);
            assertThatThrownBy(() -> RecordBatch.at(buffer).validateRecords())
                    .isInstanceOf(UnsupportedMagicException.class)
                    .hasMessageContaining("magic " + magic);
            assertThatThrownBy(() -> RecordBatch.at(buffer).cursor())
                    .isInstanceOf(UnsupportedMagicException.class);
        }
    }

    @Test
    void refusesATruncatedBatch() {
        ByteBuffer buffer = batch(CompressionType.NONE, 3);
        buffer.limit(buffer.limit() - 5);
        assertThatThrownBy(() -> RecordBatch.at(buffer).validateRecords())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("runs past the end of its buffer");
    }

    @Test
    void refusesALengthShorterThanTheHeader() {
        ByteBuffer buffer = batch(CompressionType.NONE, 3);
        buffer.putInt(RecordBatch.LENGTH_OFFSET, 20);
        assertThatThrownBy(() -> RecordBatch.at(buffer).validateRecords())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("smaller than the v2 header");
    }

    @Test
    void refusesARecordLengthRunningPastTheBatch() {
        byte[] bad = record(0);
        bad[0] = (byte) (60 << 1); // declares a 60-byte body; the batch has far fewer bytes left
        ByteBuffer buffer = withRecordsSection(bad, 1, 0);
        assertThatThrownBy(() -> RecordBatch.at(buffer).validateRecords())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("runs past the end of its batch");
    }

    @Test
    void refusesAKeyLengthRunningPastTheRecord() {
        byte[] bad = record(0);
        // record(0): length, attributes, tsDelta, offsetDelta, keyLength(1 -> zigzag 2) ...: make the key 50 bytes long
        bad[4] = (byte) (50 << 1);
        ByteBuffer buffer = withRecordsSection(bad, 1, 0);
        assertThatThrownBy(() -> RecordBatch.at(buffer).validateRecords())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("key of 50 bytes runs past the end of the record");
    }

    @Test
    void refusesAMalformedVarint() {
        // A record whose offsetDelta varint never ends: five continuation bytes.
        byte[] body = {0, 0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 2, 'k', 2, 'v', 0};
        byte[] record = concat(new byte[] {(byte) (body.length << 1)}, body);
        ByteBuffer buffer = withRecordsSection(record, 1, 0);
        assertThatThrownBy(() -> RecordBatch.at(buffer).validateRecords())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("varint longer than 5 bytes");
    }

    @Test
    void refusesARecordWhoseFieldsDoNotFillItsLength() {
        byte[] good = record(0);
        byte[] padded = concat(good, new byte[] {0});
        padded[0] = (byte) ((good.length) << 1); // declared body one byte longer than its fields
        ByteBuffer buffer = withRecordsSection(padded, 1, 0);
        assertThatThrownBy(() -> RecordBatch.at(buffer).validateRecords())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("fields use");
    }

    @Test
    void refusesAHeaderWithANullKey() {
        byte[] body = {0, 0, 0, 2, 'k', 2, 'v', 2, 1 /* key length -1 */, 1};
        byte[] record = concat(new byte[] {(byte) (body.length << 1)}, body);
        ByteBuffer buffer = withRecordsSection(record, 1, 0);
        assertThatThrownBy(() -> RecordBatch.at(buffer).validateRecords())
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("null key");
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void refusesGarbageInACompressedBatch(CompressionType compression) {
        ByteBuffer good = batch(compression, 10);
        ByteBuffer buffer = ByteBuffer.allocate(good.limit());
        buffer.put(good).flip();
        for (int i = RecordBatch.HEADER_SIZE; i < buffer.limit(); i++) {
            buffer.put(i, (byte) (i * 31));
        }
        fixCrc(buffer);
        assertThatThrownBy(() -> RecordBatch.at(buffer).validateRecords())
                .isInstanceOf(CorruptRecordException.class);
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void boundsTheDecompressedSize(CompressionType compression) {
        // 8 MiB of zeros compresses to a few KiB: a small zip bomb.
        ByteBuffer bomb = new RecordBatchBuilder(compression).append(0L, null, new byte[8 * 1024 * 1024]).build();
        assertThat(bomb.limit()).isLessThan(512 * 1024);
        assertThatThrownBy(() -> RecordBatch.at(bomb).validateRecords(1024 * 1024))
                .isInstanceOf(DecompressedSizeExceededException.class)
                .hasMessageContaining("1048576");
        assertThatCode(() -> RecordBatch.at(bomb).validateRecords(9 * 1024 * 1024)).doesNotThrowAnyException();
    }
}
