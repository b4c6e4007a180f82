package io.sluice.tools.dumplog;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.storage.internals.log.AbortedTxn;
import org.apache.kafka.storage.internals.log.OffsetIndex;
import org.apache.kafka.storage.internals.log.OffsetPosition;
import org.apache.kafka.storage.internals.log.TimeIndex;
import org.apache.kafka.storage.internals.log.TimestampOffset;
import org.apache.kafka.storage.internals.log.TransactionIndex;

/**
 * The lines Kafka's kafka-dump-log.sh prints for a file, built from the values Kafka's own readers
 * (FileRecords, OffsetIndex, TimeIndex, TransactionIndex) report for that file. The line formats are
 * those of Kafka 3.9's DumpLogSegments; every value comes from Kafka's API, none from ours.
 */
final class KafkaDumpFormat {

    private KafkaDumpFormat() {
    }

    static List<String> logLines(File file, boolean deep, boolean printData) throws IOException {
        return logLines(file, deep, printData, false);
    }

    static List<String> logLines(File file, boolean deep, boolean printData, boolean skipMetadata) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("Dumping " + file);
        lines.add("Log starting offset: " + Long.parseLong(file.getName().split("\\.")[0]));
        try (FileRecords records = FileRecords.open(file, false)) {
            long validBytes = 0;
            for (FileChannelRecordBatch batch : records.batches()) {
                lines.add("baseOffset: " + batch.baseOffset() + " lastOffset: " + batch.lastOffset() + " count: " + batch.countOrNull()
                        + " baseSequence: " + batch.baseSequence() + " lastSequence: " + batch.lastSequence()
                        + " producerId: " + batch.producerId() + " producerEpoch: " + batch.producerEpoch()
                        + " partitionLeaderEpoch: " + batch.partitionLeaderEpoch() + " isTransactional: " + batch.isTransactional()
                        + " isControl: " + batch.isControlBatch() + " deleteHorizonMs: " + batch.deleteHorizonMs()
                        + " position: " + validBytes + " " + batch.timestampType() + ": " + batch.maxTimestamp()
                        + " size: " + batch.sizeInBytes() + " magic: " + batch.magic()
                        + " compresscodec: " + batch.compressionType().name + " crc: " + batch.checksum()
                        + " isvalid: " + batch.isValid());
                if (deep || printData) {
                    for (Record record : batch) {
                        StringBuilder line = new StringBuilder();
                        String prefix = "| ";
                        if (!skipMetadata) {
                            line.append(prefix).append("offset: " + record.offset() + " " + batch.timestampType() + ": "
                                    + record.timestamp() + " keySize: " + record.keySize() + " valueSize: " + record.valueSize()
                                    + " sequence: " + record.sequence() + " headerKeys: "
                                    + Arrays.stream(record.headers()).map(Header::key).collect(Collectors.joining(",", "[", "]")));
                            prefix = " ";
                            if (batch.isControlBatch()) {
                                EndTransactionMarker marker = EndTransactionMarker.deserialize(record);
                                line.append(" endTxnMarker: ").append(marker.controlType())
                                        .append(" coordinatorEpoch: ").append(marker.coordinatorEpoch());
                            }
                        }
                        if (printData && !batch.isControlBatch()) {
                            if (record.hasKey()) {
                                line.append(prefix).append("key: ").append(utf8(record.key()));
                            }
                            if (record.hasValue()) {
                                line.append(" payload: ").append(utf8(record.value()));
                            }
                        }
                        lines.add(line.toString());
                    }
                }
                validBytes += batch.sizeInBytes();
            }
            long trailing = records.sizeInBytes() - validBytes;
            if (trailing > 0) {
                lines.add("Found " + trailing + " invalid bytes at the end of " + file.getName());
            }
        }
        return lines;
    }

    static List<String> offsetIndexLines(File file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("Dumping " + file);
        long baseOffset = Long.parseLong(file.getName().split("\\.")[0]);
        OffsetIndex index = new OffsetIndex(file, baseOffset, -1, false);
        try {
            if (index.entries() == 0) {
                lines.add(file + " is empty.");
            }
            for (int i = 0; i < index.entries(); i++) {
                OffsetPosition entry = index.entry(i);
                if (entry.offset == baseOffset && i > 0) {
                    break;
                }
                lines.add("offset: " + entry.offset + " position: " + entry.position);
            }
        } finally {
            index.closeHandler();
        }
        return lines;
    }

    static List<String> timeIndexLines(File file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("Dumping " + file);
        long baseOffset = Long.parseLong(file.getName().split("\\.")[0]);
        TimeIndex index = new TimeIndex(file, baseOffset, -1, false);
        try {
            for (int i = 0; i < index.entries(); i++) {
                TimestampOffset entry = index.entry(i);
                if (entry.offset == baseOffset && i > 0) {
                    break;
                }
                lines.add("timestamp: " + entry.timestamp + " offset: " + entry.offset);
            }
        } finally {
            index.closeHandler();
        }
        return lines;
    }

    static List<String> txnIndexLines(File file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("Dumping " + file);
        try (TransactionIndex index = new TransactionIndex(Long.parseLong(file.getName().split("\\.")[0]), file)) {
            for (AbortedTxn txn : index.allAbortedTxns()) {
                lines.add("version: " + txn.version() + " producerId: " + txn.producerId() + " firstOffset: " + txn.firstOffset()
                        + " lastOffset: " + txn.lastOffset() + " lastStableOffset: " + txn.lastStableOffset());
            }
        }
        return lines;
    }

    private static String utf8(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
