package io.sluice.tools.perf;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.server.cluster.SluiceTestCluster;
import io.sluice.tools.common.ToolOutput;
import io.sluice.tools.common.ToolRunner;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The three perf tools against a Sluice broker, with small counts; what they report is checked with the official Admin. */
class PerfToolsIntegrationTest {

    private static SluiceTestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = SluiceTestCluster.start(1, Map.of("num.partitions", "2"));
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("perf", 2, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Admin admin() {
        Properties props = new Properties();
        props.put("bootstrap.servers", cluster.bootstrapServers());
        return Admin.create(props);
    }

    /** Runs a tool; fails with its output unless it exits 0; returns its standard output lines. */
    private static List<String> run(ToolRunner.Tool tool, String... args) {
        ToolOutput result = ToolOutput.run(tool, args);
        assertThat(result.exitCode()).as("exit code; stdout:%n%s%nstderr:%n%s", result.out(), result.err()).isZero();
        return result.out().lines().toList();
    }

    private static long endOffsets(String topic, int partitions) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get(60, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        }
    }

    @Test
    void producerPerfSendsEveryRecordAndConsumerPerfReadsThemInAGroup() throws Exception {
        List<String> produced = run(ProducerPerformance::run, "--topic", "perf", "--num-records", "3000", "--record-size",
                "100", "--throughput", "-1", "--producer-props", "bootstrap.servers=" + cluster.bootstrapServers(),
                "acks=all", "linger.ms=5");
        String total = produced.get(produced.size() - 1);
        assertThat(total).matches("3000 records sent, [0-9.]+ records/sec \\([0-9.]+ MB/sec\\), [0-9.]+ ms avg latency, "
                + "[0-9.]+ ms max latency, \\d+ ms 50th, \\d+ ms 95th, \\d+ ms 99th, \\d+ ms 99.9th\\.");
        assertThat(endOffsets("perf", 2)).isEqualTo(3000);

        List<String> consumed = run(ConsumerPerformance::run, "--bootstrap-server", cluster.bootstrapServers(),
                "--topic", "perf", "--messages", "3000", "--group", "perf-group", "--timeout", "60000");
        assertThat(consumed).hasSize(2);
        assertThat(consumed.get(0)).isEqualTo("start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, "
                + "nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec");
        String[] columns = consumed.get(1).split(", ");
        assertThat(columns).hasSize(10);
        // 3000 values of 100 bytes (no keys): 0.2861 MiB, and every record.
        assertThat(columns[2]).isEqualTo(String.format("%.4f", 3000 * 100 / (1024.0 * 1024.0)));
        assertThat(columns[4]).isEqualTo("3000");
        assertThat(Long.parseLong(columns[6])).as("rebalance.time.ms").isNotNegative();
    }

    @Test
    void endToEndLatencyRoundTripsEveryRecord() {
        List<String> lines = run(EndToEndLatency::run, cluster.bootstrapServers(), "perf-e2e", "30", "all", "64");
        // Record 0's latency, then the summary.
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("0\t[0-9.E]+");
        assertThat(lines.get(1)).matches("Avg latency: [0-9]+\\.[0-9]{4} ms");
        assertThat(lines.get(2)).matches("Percentiles: 50th = \\d+, 99th = \\d+, 99\\.9th = \\d+");
    }
}
