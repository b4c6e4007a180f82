package io.sluice.tools.dumplog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.storage.internals.log.CorruptIndexException;
import org.apache.kafka.storage.internals.log.LogSegment;
import org.apache.kafka.storage.internals.log.OffsetIndex;
import org.apache.kafka.storage.internals.log.TimeIndex;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our dump tool against segments written by Apache Kafka 3.9's LogSegment: every line we print
 * must be the line Kafka's dump tool prints, built from the values Kafka's own readers report.
 */
class DumpLogSegmentsTest {

    @TempDir
    Path tmp;

    private File dir;
    private File log;
    private File index;
    private File timeIndex;
    private File txnIndex;

    /** What one run of the tool printed. */
    record Result(int exitCode, List<String> out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = DumpLogSegments.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8).lines().toList(), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void writeSegmentWithKafka() throws IOException {
        dir = tmp.resolve("orders-0").toFile();
        assertThat(dir.mkdirs()).isTrue();
        LogSegment segment = KafkaSegmentFixture.openSegment(dir, 0);
        KafkaSegmentFixture.fill(segment, 1_661_753_909_195L);
        // Closing trims the preallocated index files to their entries, as a clean broker shutdown does.
        segment.close();
        log = new File(dir, "00000000000000000000.log");
        index = new File(dir, "00000000000000000000.index");
        timeIndex = new File(dir, "00000000000000000000.timeindex");
        txnIndex = new File(dir, "00000000000000000000.txnindex");
        assertThat(log).exists();
        assertThat(index.length()).isPositive();
        assertThat(timeIndex.length()).isPositive();
        assertThat(txnIndex.length()).isPositive();
    }

    @Test
    void shallowLogDumpMatchesKafka() throws IOException {
        Result result = run("--files", log.getPath());
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).containsExactlyElementsOf(KafkaDumpFormat.logLines(log, false, false));
        assertThat(result.err()).isEmpty();
        // Every codec, both timestamp types, transactional and control batches are in the file.
        String all = String.join("\n", result.out());
        assertThat(all).contains("compresscodec: none", "compresscodec: gzip", "compresscodec: snappy",
                "compresscodec: lz4", "compresscodec: zstd", "LogAppendTime: ", "CreateTime: ", "isControl: true",
                "isTransactional: true", "deleteHorizonMs: OptionalLong[", "deleteHorizonMs: OptionalLong.empty",
                "producerId: -1", "baseSequence: -1");
    }

    @Test
    void deepIterationAndDataMatchKafka() throws IOException {
        Result deep = run("--files", log.getPath(), "--deep-iteration");
        assertThat(deep.exitCode()).isZero();
        assertThat(deep.out()).containsExactlyElementsOf(KafkaDumpFormat.logLines(log, true, false));

        Result data = run("--files", log.getPath(), "--print-data-log");
        assertThat(data.exitCode()).isZero();
        List<String> expected = KafkaDumpFormat.logLines(log, true, true);
        assertThat(data.out()).containsExactlyElementsOf(expected);
        String all = String.join("\n", data.out());
        assertThat(all).contains("endTxnMarker: COMMIT coordinatorEpoch: 5", "endTxnMarker: ABORT coordinatorEpoch: 6",
                "headerKeys: [trace,n]", "headerKeys: []", "keySize: -1", "valueSize: -1", " key: key-0", " payload: value 0 ");
        assertThat(data.err()).isEmpty();
    }

    @Test
    void skippedRecordMetadataMatchesKafka() throws IOException {
        Result result = run("--files", log.getPath(), "--print-data-log", "--skip-record-metadata");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).containsExactlyElementsOf(KafkaDumpFormat.logLines(log, true, true, true));
        // The indent goes before the key, the payload of a keyless record follows one space, a marker prints empty.
        assertThat(result.out()).anyMatch(line -> line.startsWith("| key: key-0 payload: "))
                .anyMatch(line -> line.startsWith(" payload: ")).contains("");
    }

    @Test
    void indexDumpsMatchKafka() throws IOException {
        Result result = run("--files", index.getPath() + "," + timeIndex.getPath() + "," + txnIndex.getPath());
        assertThat(result.exitCode()).isZero();
        List<String> expected = new ArrayList<>(KafkaDumpFormat.offsetIndexLines(index));
        expected.addAll(KafkaDumpFormat.timeIndexLines(timeIndex));
        expected.addAll(KafkaDumpFormat.txnIndexLines(txnIndex));
        assertThat(result.out()).containsExactlyElementsOf(expected);
        assertThat(result.out()).anyMatch(line -> line.startsWith("offset: ")).anyMatch(line -> line.startsWith("timestamp: "))
                .anyMatch(line -> line.startsWith("version: 0 producerId: 8000"));
        // Kafka's segment is consistent, so no mismatch may be reported.
        assertThat(result.err()).isEmpty();
    }

    @Test
    void absoluteOffsetsComeFromTheFileName() throws IOException {
        File other = tmp.resolve("orders-1").toFile();
        assertThat(other.mkdirs()).isTrue();
        LogSegment segment = KafkaSegmentFixture.openSegment(other, 123_456_789L);
        KafkaSegmentFixture.fill(segment, 1_700_000_000_000L);
        segment.close();
        File otherLog = new File(other, "00000000000123456789.log");
        File otherIndex = new File(other, "00000000000123456789.index");
        File otherTimeIndex = new File(other, "00000000000123456789.timeindex");
        Result result = run("--files", otherLog + "," + otherIndex + "," + otherTimeIndex, "--deep-iteration");
        List<String> expected = new ArrayList<>(KafkaDumpFormat.logLines(otherLog, true, false));
        expected.addAll(KafkaDumpFormat.offsetIndexLines(otherIndex));
        expected.addAll(KafkaDumpFormat.timeIndexLines(otherTimeIndex));
        assertThat(result.out()).containsExactlyElementsOf(expected);
        assertThat(result.out()).contains("Log starting offset: 123456789");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void preallocatedIndexesStopAtTheirZeroTail() throws IOException {
        File active = tmp.resolve("orders-2").toFile();
        assertThat(active.mkdirs()).isTrue();
        LogSegment segment = KafkaSegmentFixture.openSegment(active, 500);
        KafkaSegmentFixture.fill(segment, 1_700_000_000_000L);
        try {
            // The segment stays open: its index files keep their preallocated size, zeros after the entries.
            File activeIndex = new File(active, "00000000000000000500.index");
            File activeTimeIndex = new File(active, "00000000000000000500.timeindex");
            assertThat(activeIndex.length()).isEqualTo(64 * 1024);
            Result result = run("--files", activeIndex + "," + activeTimeIndex);
            List<String> expected = new ArrayList<>(KafkaDumpFormat.offsetIndexLines(activeIndex));
            expected.addAll(KafkaDumpFormat.timeIndexLines(activeTimeIndex));
            assertThat(result.out()).containsExactlyElementsOf(expected);
            assertThat(result.out().size()).isLessThan(100);
            assertThat(result.err()).isEmpty();
        } finally {
            segment.close();
        }
    }

    @Test
    void tornTrailingBatchIsReportedNotThrown() throws IOException {
        long size = log.length();
        try (RandomAccessFile file = new RandomAccessFile(log, "rw")) {
            file.setLength(size - 7);
        }
        Result result = run("--files", log.getPath(), "--print-data-log");
        assertThat(result.exitCode()).isZero();
        List<String> expected = KafkaDumpFormat.logLines(log, true, true);
        assertThat(expected.get(expected.size() - 1)).startsWith("Found ").endsWith(" invalid bytes at the end of " + log.getName());
        assertThat(result.out()).containsExactlyElementsOf(expected);

        // A tail too short to hold even a batch header.
        try (RandomAccessFile file = new RandomAccessFile(log, "rw")) {
            file.setLength(size + 10);
        }
        Result padded = run("--files", log.getPath());
        assertThat(padded.out()).last().isEqualTo("Found 10 invalid bytes at the end of " + log.getName());
    }

    @Test
    void corruptBatchStopsTheDumpWithAReport() throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log, "rw")) {
            // The first batch's batchLength becomes 5: no batch is that small.
            file.seek(8);
            file.writeInt(5);
        }
        Result result = run("--files", log.getPath());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).containsExactly("Dumping " + log, "Log starting offset: 0",
                "Found " + log.length() + " invalid bytes at the end of " + log.getName());
        assertThat(result.err()).contains("smaller than the v2 header");
    }

    @Test
    void crcDamageShowsAsInvalid() throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log, "rw")) {
            file.seek(70);
            int b = file.read();
            file.seek(70);
            file.write(b ^ 0xff);
        }
        Result result = run("--files", log.getPath());
        assertThat(result.out()).containsExactlyElementsOf(KafkaDumpFormat.logLines(log, false, false));
        assertThat(result.out().get(2)).endsWith("isvalid: false");
    }

    @Test
    void sanityCheckAgreesWithKafka() throws IOException {
        Result passed = run("--files", index + "," + timeIndex, "--index-sanity-check");
        assertThat(passed.exitCode()).isZero();
        assertThat(passed.out()).containsExactly("Dumping " + index, index + " passed sanity check.",
                "Dumping " + timeIndex, timeIndex + " passed sanity check.");
        new OffsetIndex(index, 0, -1, false).sanityCheck();
        new TimeIndex(timeIndex, 0, -1, false).sanityCheck();

        // A last entry whose relative offset is negative: Kafka rebuilds such an index at startup.
        try (RandomAccessFile file = new RandomAccessFile(index, "rw")) {
            file.seek(index.length() - 8);
            file.writeInt(-5);
        }
        assertThatThrownBy(() -> new OffsetIndex(index, 0, -1, false).sanityCheck()).isInstanceOf(CorruptIndexException.class);
        Result failed = run("--files", index.getPath(), "--index-sanity-check");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains(index + " failed sanity check: Corrupt index found, index file "
                + index.getAbsolutePath() + " has non-zero size but the last offset is -5 which is less than the base offset 0");

        // A length that is not a multiple of the entry size.
        try (RandomAccessFile file = new RandomAccessFile(timeIndex, "rw")) {
            file.setLength(timeIndex.length() + 5);
        }
        assertThatThrownBy(() -> new TimeIndex(timeIndex, 0, -1, false).sanityCheck()).isInstanceOf(CorruptIndexException.class);
        Result failedTime = run("--files", timeIndex.getPath(), "--index-sanity-check");
        assertThat(failedTime.exitCode()).isEqualTo(1);
        assertThat(failedTime.err()).contains("neither positive nor a multiple of 12");
    }

    @Test
    void indexEntriesThatDisagreeWithTheLogAreReported() throws IOException {
        List<String> entries = KafkaDumpFormat.offsetIndexLines(index);
        assertThat(entries.size()).isGreaterThan(3);
        try (RandomAccessFile file = new RandomAccessFile(index, "rw")) {
            // Point the second entry at the first batch.
            file.seek(8 + 4);
            file.writeInt(0);
        }
        Result result = run("--files", index.getPath(), "--verify-index-only");
        assertThat(result.out()).containsExactly("Dumping " + index);
        long secondOffset = Long.parseLong(entries.get(2).split(" ")[1]);
        assertThat(result.err()).startsWith("Mismatches in :" + index.getAbsolutePath())
                .contains("  Index offset: " + secondOffset + ", log offset: ");
    }

    @Test
    void timeIndexEntriesThatDisagreeWithTheLogAreReported() throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(timeIndex, "rw")) {
            file.seek(12);
            file.writeLong(42L);
        }
        Result result = run("--files", timeIndex.getPath());
        assertThat(result.out()).containsExactlyElementsOf(KafkaDumpFormat.timeIndexLines(timeIndex));
        assertThat(result.err()).contains("Found timestamp mismatch in :" + timeIndex.getAbsolutePath(),
                "  Index timestamp: 42, log timestamp: ", "Found out of order timestamp in :" + timeIndex.getAbsolutePath());
    }

    @Test
    void emptyIndexIsSaidToBeEmpty() throws IOException {
        File empty = new File(dir, "00000000000000000999.index");
        Files.write(empty.toPath(), new byte[0]);
        Result result = run("--files", empty.getPath());
        assertThat(result.out()).containsExactlyElementsOf(KafkaDumpFormat.offsetIndexLines(empty));
        assertThat(result.out()).containsExactly("Dumping " + empty, empty + " is empty.");
    }

    @Test
    void badFlagsPrintUsageAndExitWithTwo() {
        Result unknown = run("--files", log.getPath(), "--no-such-flag");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--no-such-flag'", "Usage: sluice-dump-log.sh");
        assertThat(unknown.out()).isEmpty();

        Result missing = run("--print-data-log");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required option: '--files", "Usage:");
    }

    @Test
    void unreadableAndUnknownFilesAreReportedAndTheRestDumped() throws IOException {
        File missing = new File(dir, "00000000000000000777.log");
        File unknown = new File(dir, "notes.txt");
        Files.write(unknown.toPath(), new byte[] {1, 2, 3});
        Result result = run("--files", missing + "," + unknown + "," + index);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("Could not dump " + missing, "Ignoring unknown file " + unknown);
        assertThat(result.out()).containsSubsequence(KafkaDumpFormat.offsetIndexLines(index));
    }
}
