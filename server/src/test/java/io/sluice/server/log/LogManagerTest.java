package io.sluice.server.log;

import static io.sluice.server.log.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogManagerTest {

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(10_000_000);
    private LogManager manager;

    @AfterEach
    void tearDown() {
        if (manager != null && manager.isStarted()) {
            manager.close();
        }
    }

    private File dir(String name) {
        return tmp.resolve(name).toFile();
    }

    private LogManager start(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>();
        props.put("log.dirs", dir("d1") + "," + dir("d2"));
        props.putAll(extra);
        manager = LogManager.fromProperties(props, clock, new LogDirFailureChannel());
        manager.startup();
        return manager;
    }

    private LogConfig smallSegments() {
        return LogConfig.fromProperties(Map.of(), Map.of("segment.bytes", "1000", "file.delete.delay.ms", "0"));
    }

    @Test
    void createsLogsAcrossDirectoriesAndReopensThemAfterACleanShutdown() throws Exception {
        start(Map.of());
        UUID topicId = UUID.randomUUID();
        for (int p = 0; p < 4; p++) {
            Log log = manager.getOrCreateLog(new TopicPartition("orders", p), smallSegments(), topicId);
            for (int i = 0; i <= p; i++) {
                log.appendAsLeader(batch(0, 1, 5, 100), 1);
            }
        }
        assertThat(new File(dir("d1"), "orders-0").exists() || new File(dir("d2"), "orders-0").exists()).isTrue();
        assertThat(Stream.of("d1", "d2").mapToLong(d -> dir(d).list((f, n) -> n.startsWith("orders-")).length).toArray())
                .containsExactly(2, 2);
        assertThat(manager.getOrCreateLog(new TopicPartition("orders", 0), smallSegments(), topicId))
                .isSameAs(manager.getLog(new TopicPartition("orders", 0)).orElseThrow());
        manager.close();

        for (String d : List.of("d1", "d2")) {
            assertThat(new File(dir(d), ".kafka_cleanshutdown")).exists();
            List<String> lines = Files.readAllLines(new File(dir(d), "recovery-point-offset-checkpoint").toPath());
            assertThat(lines.subList(0, 2)).containsExactly("0", "2");
            assertThat(new File(dir(d), "log-start-offset-checkpoint")).exists();
        }

        start(Map.of());
        assertThat(manager.allLogs()).hasSize(4);
        for (int p = 0; p < 4; p++) {
            Log log = manager.getLog(new TopicPartition("orders", p)).orElseThrow();
            assertThat(log.logEndOffset()).isEqualTo(5L * (p + 1));
            assertThat(log.recoveryPoint()).isEqualTo(log.logEndOffset());
            assertThat(log.topicId()).contains(topicId);
        }
        assertThat(new File(dir("d1"), ".kafka_cleanshutdown")).doesNotExist();
    }

    @Test
    void recoversLogsAfterACrash() throws Exception {
        start(Map.of());
        Log log = manager.getOrCreateLog(new TopicPartition("t", 0), smallSegments(), null);
        for (int i = 0; i < 5; i++) {
            log.appendAsLeader(batch(0, 1, 5, 100), 1);
        }
        manager.checkpointRecoveryPoints();
        File active = log.segments().get(log.numberOfSegments() - 1).logFile();
        manager.closeWithoutCleanShutdown();
        try (RandomAccessFile raf = new RandomAccessFile(active, "rw")) {
            raf.setLength(raf.length() - 1);
        }
        start(Map.of());
        assertThat(manager.getLog(new TopicPartition("t", 0)).orElseThrow().logEndOffset()).isEqualTo(20);
    }

    @Test
    void deletesALogByRenamingItsDirectoryFirst() throws Exception {
        start(Map.of());
        TopicPartition tp = new TopicPartition("gone", 3);
        Log log = manager.getOrCreateLog(tp, LogConfig.fromProperties(Map.of(), Map.of("file.delete.delay.ms", "600000")), null);
        log.appendAsLeader(batch(0, 1, 5, 100), 1);
        File parent = log.parentDir();
        assertThat(manager.deleteLog(tp)).isTrue();
        assertThat(manager.getLog(tp)).isEmpty();
        assertThat(new File(parent, "gone-3")).doesNotExist();
        String[] pending = parent.list((f, n) -> n.startsWith("gone-3.") && n.endsWith("-delete"));
        assertThat(pending).hasSize(1);
        // A re-created partition starts empty.
        assertThat(manager.getOrCreateLog(tp, smallSegments(), null).logEndOffset()).isZero();
        manager.close();
        // The next startup finishes the deletion.
        start(Map.of());
        assertThat(parent.list((f, n) -> n.endsWith("-delete"))).isEmpty();
        assertThat(manager.deleteLog(new TopicPartition("never", 0))).isFalse();
    }

    @Test
    void runsRetentionOnItsScheduler() throws Exception {
        start(Map.of("log.retention.check.interval.ms", "20"));
        Log log = manager.getOrCreateLog(new TopicPartition("old", 0),
                LogConfig.fromProperties(Map.of(), Map.of("segment.bytes", "1000", "retention.ms", "1000", "file.delete.delay.ms", "0")),
                null);
        for (int i = 0; i < 6; i++) {
            log.appendAsLeader(batch(0, clock.millis() - 5000, 5, 100), 1);
        }
        // Six batches of about 600 bytes in 1000-byte segments: five old segments for retention to delete.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (log.numberOfSegments() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(log.numberOfSegments()).isEqualTo(1);
        assertThat(log.logStartOffset()).isEqualTo(25);
        assertThat(log.logEndOffset()).isEqualTo(30);
    }

    @Test
    void aFailedDirectoryGoesOfflineWhileTheOtherKeepsWorking() throws Exception {
        start(Map.of());
        Log first = manager.getOrCreateLog(new TopicPartition("x", 0), smallSegments(), null);
        Log second = manager.getOrCreateLog(new TopicPartition("x", 1), smallSegments(), null);
        assertThat(first.parentDir()).isNotEqualTo(second.parentDir());
        first.appendAsLeader(batch(0, 1, 5, 100), 1);
        LogFileUtils.deleteRecursively(first.dir());
        assertThatThrownBy(first::roll).isInstanceOf(KafkaStorageException.class);
        assertThat(manager.failureChannel().isOffline(first.parentDir())).isTrue();
        assertThatThrownBy(() -> first.read(0, 100, false)).isInstanceOf(KafkaStorageException.class);
        second.appendAsLeader(batch(0, 1, 5, 100), 1);
        assertThat(second.logEndOffset()).isEqualTo(5);
        // New logs go to the directory that is still online.
        Log third = manager.getOrCreateLog(new TopicPartition("x", 2), smallSegments(), null);
        assertThat(third.parentDir()).isEqualTo(second.parentDir());
        manager.close();
        assertThat(new File(second.parentDir(), ".kafka_cleanshutdown")).exists();
        assertThat(new File(first.parentDir(), ".kafka_cleanshutdown")).doesNotExist();
    }

    @Test
    void thousandsOfPartitionsKeepOpenDescriptorsAndMappingsBounded() throws Exception {
        int partitions = 2_000;
        int bound = 100;
        start(Map.of("log.max.open.segment.files", String.valueOf(bound), "log.dirs", dir("many").toString()));
        LogConfig config = LogConfig.fromProperties(Map.of(), Map.of("segment.index.bytes", "4096"));
        for (int p = 0; p < partitions; p++) {
            Log log = manager.getOrCreateLog(new TopicPartition("wide", p), config, null);
            log.appendAsLeader(batch(0, 1, 2, 20), -1);
        }
        for (int p = 0; p < partitions; p++) {
            try (LogReadResult r = manager.getLog(new TopicPartition("wide", p)).orElseThrow().read(0, 10_000, false)) {
                assertThat(r.records().length()).isPositive();
            }
        }
        assertThat(manager.openSegmentLimiter().openSegmentCount()).isLessThanOrEqualTo(bound);
        String root = dir("many").getCanonicalPath();
        long descriptors = openDescriptorsUnder(root);
        long mappings = mappingsUnder(root);
        assertThat(descriptors).isLessThanOrEqualTo(bound);
        assertThat(mappings).isLessThanOrEqualTo(2L * bound);
        // Everything still works after eviction: appends and reads reopen what they need.
        Log early = manager.getLog(new TopicPartition("wide", 0)).orElseThrow();
        early.appendAsLeader(batch(0, 1, 2, 20), -1);
        try (LogReadResult r = early.read(2, 10_000, false)) {
            assertThat(TestBatches.parse(r.records().readAll()).get(0).baseOffset()).isEqualTo(2);
        }
    }

    private static long openDescriptorsUnder(String root) throws IOException {
        long count = 0;
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith(root)) {
                        count++;
                    }
                } catch (IOException e) {
                    // The descriptor closed while we looked.
                }
            }
        }
        return count;
    }

    private static long mappingsUnder(String root) throws IOException {
        try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(l -> l.contains(root)).count();
        }
    }
}
