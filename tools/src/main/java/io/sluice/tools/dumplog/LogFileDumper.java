package io.sluice.tools.dumplog;

import io.sluice.record.ControlRecordType;
import io.sluice.record.CorruptRecordException;
import io.sluice.record.EndTransactionMarker;
import io.sluice.record.Header;
import io.sluice.record.RecordBatch;
import io.sluice.record.RecordBatches;
import io.sluice.record.RecordCursor;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Prints a {@code .log} segment as Kafka's dump tool does: one line per batch with every header
 * field, then (deep iteration) one line per record starting with {@code "| "}, then a note on any
 * bytes after the last complete batch. A torn or corrupt tail is reported, never thrown.
 */
final class LogFileDumper {

    private final PrintStream out;
    private final PrintStream err;
    private final DumpProblems problems;
    private final boolean deepIteration;
    private final boolean printData;
    private final boolean skipRecordMetadata;
    private final int maxBytes;

    LogFileDumper(PrintStream out, PrintStream err, DumpProblems problems, boolean deepIteration, boolean printData,
                  boolean skipRecordMetadata, int maxBytes) {
        this.out = out;
        this.err = err;
        this.problems = problems;
        this.deepIteration = deepIteration || printData;
        this.printData = printData;
        this.skipRecordMetadata = skipRecordMetadata;
        this.maxBytes = maxBytes;
    }

    /** Returns false if the file could not be read to its end (an error was printed). */
    boolean dump(File file) throws IOException {
        long baseOffset = SegmentFiles.baseOffset(file);
        ByteBuffer log = SegmentFiles.map(file, maxBytes);
        out.println("Log starting offset: " + baseOffset);
        RecordBatches.BatchIterator batches = RecordBatches.iterate(log);
        long lastOffset = -1;
        boolean clean = true;
        StringBuilder line = new StringBuilder(256);
        try {
            while (batches.hasNext()) {
                int position = batches.validBytes();
                RecordBatch batch = batches.next();
                out.println(formatBatch(batch, position, line));
                if (deepIteration) {
                    lastOffset = dumpRecords(file, batch, position, lastOffset, line);
                }
            }
        } catch (CorruptRecordException e) {
            err.println("Stopped reading " + file + " at position " + batches.validBytes() + ": " + e.getMessage());
            clean = false;
        }
        int trailingBytes = batches.trailingBytes();
        if (trailingBytes > 0 && maxBytes == Integer.MAX_VALUE) {
            out.println("Found " + trailingBytes + " invalid bytes at the end of " + file.getName());
        }
        return clean;
    }

    static String formatBatch(RecordBatch batch, int position, StringBuilder line) {
        line.setLength(0);
        line.append("baseOffset: ").append(batch.baseOffset())
                .append(" lastOffset: ").append(batch.lastOffset())
                .append(" count: ").append(batch.recordsCount())
                .append(" baseSequence: ").append(batch.baseSequence())
                .append(" lastSequence: ").append(batch.lastSequence())
                .append(" producerId: ").append(batch.producerId())
                .append(" producerEpoch: ").append(batch.producerEpoch())
                .append(" partitionLeaderEpoch: ").append(batch.partitionLeaderEpoch())
                .append(" isTransactional: ").append(batch.isTransactional())
                .append(" isControl: ").append(batch.isControlBatch())
                .append(" deleteHorizonMs: ").append(batch.deleteHorizonMs())
                .append(" position: ").append(position)
                .append(' ').append(batch.timestampType()).append(": ").append(batch.maxTimestamp())
                .append(" size: ").append(batch.sizeInBytes())
                .append(" magic: ").append(batch.magic())
                .append(" compresscodec: ").append(compressionName(batch))
                .append(" crc: ").append(batch.checksum())
                .append(" isvalid: ").append(batch.isValid());
        return line.toString();
    }

    private static String compressionName(RecordBatch batch) {
        try {
            return batch.compressionType().name;
        } catch (CorruptRecordException e) {
            return "unknown(" + (batch.attributes() & RecordBatch.COMPRESSION_CODEC_MASK) + ")";
        }
    }

    private long dumpRecords(File file, RecordBatch batch, int position, long lastOffset, StringBuilder line) {
        try {
            RecordCursor record = batch.cursor();
            while (record.next()) {
                long offset = record.offset();
                if (lastOffset != -1 && offset != lastOffset + 1) {
                    problems.nonConsecutiveOffsets(file.getAbsolutePath(), lastOffset, offset);
                }
                lastOffset = offset;
                out.println(formatRecord(batch, record, line));
            }
        } catch (CorruptRecordException e) {
            err.println("Could not read the records of the batch at position " + position + " of " + file + ": "
                    + e.getMessage());
        }
        return lastOffset;
    }

    /**
     * Kafka's record line: the "| " indent goes before the first thing printed, the metadata or else
     * the key; the payload always follows a single space. So a skipped-metadata record without a key
     * starts with " payload:", and one of a control batch prints as an empty line.
     */
    private String formatRecord(RecordBatch batch, RecordCursor record, StringBuilder line) {
        line.setLength(0);
        String prefix = "| ";
        if (!skipRecordMetadata) {
            line.append(prefix).append("offset: ").append(record.offset())
                    .append(' ').append(batch.timestampType()).append(": ").append(record.timestamp())
                    .append(" keySize: ").append(record.keySize())
                    .append(" valueSize: ").append(record.valueSize())
                    .append(" sequence: ").append(record.sequence())
                    .append(" headerKeys: [");
            prefix = " ";
            Header[] headers = record.headerCount() == 0 ? NO_HEADERS : record.headers();
            for (int i = 0; i < headers.length; i++) {
                if (i > 0) {
                    line.append(',');
                }
                line.append(headers[i].key());
            }
            line.append(']');
            if (batch.isControlBatch()) {
                appendControl(record, line);
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
        return line.toString();
    }

    private static final Header[] NO_HEADERS = new Header[0];

    private static void appendControl(RecordCursor record, StringBuilder line) {
        short typeId = ControlRecordType.parseTypeId(record.key());
        ControlRecordType type = ControlRecordType.forId(typeId);
        if (type == ControlRecordType.ABORT || type == ControlRecordType.COMMIT) {
            EndTransactionMarker marker = EndTransactionMarker.read(record.key(), record.value());
            line.append(" endTxnMarker: ").append(marker.type()).append(" coordinatorEpoch: ").append(marker.coordinatorEpoch());
        } else {
            line.append(" controlType: ").append(type).append('(').append(typeId).append(')');
        }
    }

    private static String utf8(ByteBuffer bytes) {
        if (bytes.hasArray()) {
            return new String(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining(), StandardCharsets.UTF_8);
        }
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return new String(copy, StandardCharsets.UTF_8);
    }
}
