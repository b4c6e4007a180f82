package io.sluice.tools.perf;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.tools.common.AdminConnection;
import io.sluice.tools.common.ToolOutput;
import io.sluice.tools.common.ToolRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Flags, exit codes and the exact shape of the output lines of the three perf tools. */
class PerfToolsArgumentsTest {

    private static ToolOutput run(ToolRunner.Tool tool, String... args) {
        return ToolOutput.run(tool, args);
    }

    @BeforeAll
    static void numbersAsKafkaPrintsThemHereAndAShortBootstrapWait() {
        Locale.setDefault(Locale.ROOT);
        System.setProperty(AdminConnection.TIMEOUT_PROPERTY, "1000");
    }

    @AfterAll
    static void defaultBootstrapWait() {
        System.clearProperty(AdminConnection.TIMEOUT_PROPERTY);
    }

    /** A loopback port nothing listens on. */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void helpPrintsTheFlagsAndExitsZero() {
        ToolOutput producer = run(ProducerPerformance::run, "--help");
        assertThat(producer.exitCode()).isZero();
        assertThat(producer.out()).contains("--topic", "--num-records", "--record-size", "--throughput", "--producer-props",
                "--producer.config");
        ToolOutput consumer = run(ConsumerPerformance::run, "--help");
        assertThat(consumer.exitCode()).isZero();
        assertThat(consumer.out()).contains("--bootstrap-server", "--topic", "--messages", "--group", "--consumer.config");
        ToolOutput e2e = run(EndToEndLatency::run, "--help");
        assertThat(e2e.exitCode()).isZero();
        assertThat(e2e.out()).contains("broker_list", "num_messages", "producer_acks", "message_size_bytes");
    }

    @Test
    void consumerPropertiesFollowKafkasToolIncludingItsTwoMebibyteSocketBuffer() throws Exception {
        ConsumerPerformance defaults = new ConsumerPerformance();
        new picocli.CommandLine(defaults).parseArgs("--bootstrap-server", "x:1", "--topic", "t", "--messages", "1", "--group", "g");
        java.util.Map<String, Object> props = defaults.consumerConfigs();
        assertThat(props.get("receive.buffer.bytes")).isEqualTo("2097152");
        assertThat(props.get("max.partition.fetch.bytes")).isEqualTo("1048576");
        assertThat(props.get("group.id")).isEqualTo("g");
        assertThat(props.get("auto.offset.reset")).isEqualTo("earliest");

        ConsumerPerformance set = new ConsumerPerformance();
        new picocli.CommandLine(set).parseArgs("--bootstrap-server", "x:1", "--topic", "t", "--messages", "1",
                "--socket-buffer-size", "65536", "--fetch-size", "4096");
        assertThat(set.consumerConfigs().get("receive.buffer.bytes")).isEqualTo("65536");
        assertThat(set.consumerConfigs().get("max.partition.fetch.bytes")).isEqualTo("4096");
    }

    @Test
    void badFlagsExitTwoWithAMessage() {
        List<ToolOutput> runs = List.of(
                run(ProducerPerformance::run, "--topic", "t", "--num-records", "1", "--record-size", "1", "--throughput", "-1",
                        "--producer-props", "bootstrap.servers=x:1", "--no-such-flag"),
                run(ProducerPerformance::run, "--topic", "t", "--record-size", "1", "--throughput", "-1",
                        "--producer-props", "bootstrap.servers=x:1"),
                run(ConsumerPerformance::run, "--bootstrap-server", "x:1", "--topic", "t", "--messages", "1", "--bogus"),
                run(ConsumerPerformance::run, "--bootstrap-server", "x:1", "--topic", "t"),
                run(EndToEndLatency::run, "x:1", "t", "10", "1"),
                run(EndToEndLatency::run, "x:1", "t", "ten", "1", "100"),
                run(EndToEndLatency::run, "--what", "x:1", "t", "10", "1", "100"));
        for (ToolOutput r : runs) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).as(r.toString()).isNotBlank();
        }
    }

    @Test
    void combinationsPicocliCannotCheckAreRefusedToo() {
        String[][] cases = {
                {"--topic", "t", "--num-records", "1", "--throughput", "-1", "--producer-props", "bootstrap.servers=x:1"},
                {"--topic", "t", "--num-records", "1", "--record-size", "1", "--payload-file", "p", "--throughput", "-1",
                        "--producer-props", "bootstrap.servers=x:1"},
                {"--topic", "t", "--num-records", "1", "--record-size", "1", "--throughput", "0",
                        "--producer-props", "bootstrap.servers=x:1"},
                {"--topic", "t", "--num-records", "1", "--record-size", "1", "--throughput", "-1",
                        "--producer-props", "no-equals-sign"},
                {"--topic", "t", "--num-records", "1", "--record-size", "1", "--throughput", "-1"},
        };
        for (String[] args : cases) {
            ToolOutput r = run(ProducerPerformance::run, args);
            assertThat(r.exitCode()).as(String.join(" ", args) + " -> " + r).isEqualTo(2);
        }
        // A bad pair is worded as in every tool (KeyValues), followed by the usage.
        assertThat(run(ProducerPerformance::run, cases[3]).err())
                .contains("Invalid --producer-props 'no-equals-sign': expected key=value", "Usage: sluice-producer-perf-test.sh");
        ToolOutput acks = run(EndToEndLatency::run, "x:1", "t", "10", "0", "100");
        assertThat(acks.exitCode()).isEqualTo(2);
        assertThat(acks.err()).contains("Latency testing requires synchronous acknowledgement. Please use 1 or all");
        assertThat(run(ConsumerPerformance::run, "--bootstrap-server", "x:1", "--topic", "t", "--messages", "1",
                "--reporting-interval", "0").exitCode()).isEqualTo(2);
    }

    @Test
    void anUnreachableBootstrapIsAClearErrorAfterABoundedWait() throws Exception {
        // The wait is 1 s here (see the @BeforeAll).
        String dead = "127.0.0.1:" + closedPort();
        List<ToolOutput> runs = List.of(
                run(ProducerPerformance::run, "--topic", "t", "--num-records", "10", "--record-size", "10", "--throughput",
                        "-1", "--producer-props", "bootstrap.servers=" + dead),
                run(ConsumerPerformance::run, "--bootstrap-server", dead, "--topic", "t", "--messages", "10"),
                run(EndToEndLatency::run, dead, "t", "10", "all", "100"));
        for (ToolOutput r : runs) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            // The wording of every tool (AdminConnection), one line, no stack trace.
            assertThat(r.err().lines()).as(r.toString()).hasSize(1);
            assertThat(r.err()).as(r.toString()).startsWith("Could not reach a broker at " + dead + " within 1 s");
        }
    }

    @Test
    void producerLinesHaveKafkasShape() {
        assertThat(ProducerStats.windowLine(5012, 5012 * 100L, 5000.0, 5012 * 3L, 17))
                .isEqualTo("5012 records sent, 1002.4 records/sec (0.10 MB/sec), 3.0 ms avg latency, 17.0 ms max latency."
                        + System.lineSeparator());
        int[] latencies = new int[1000];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = 1000 - i; // 1000 down to 1
        }
        assertThat(ProducerStats.totalLine(1000, 1000 * 1024L, 2000.0, 500_500, 1000, latencies))
                .isEqualTo("1000 records sent, 500.000000 records/sec (0.49 MB/sec), 500.50 ms avg latency, 1000.00 ms max "
                        + "latency, 501 ms 50th, 951 ms 95th, 991 ms 99th, 1000 ms 99.9th." + System.lineSeparator());
    }

    @Test
    void producerStatsSampleAndPrintAWindowEveryInterval() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        long t0 = 1_000_000_000L;
        ProducerStats stats = new ProducerStats(10, 5_000, out, t0);
        for (int i = 0; i < 10; i++) {
            // one record every second, latency i ms: windows close at the records 5 s and 10 s after the start
            stats.record(i, 100, t0 + (i + 1) * 1_000_000_000L);
        }
        stats.printTotal(t0 + 10_000_000_000L);
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).containsExactly(
                "5 records sent, 1.0 records/sec (0.00 MB/sec), 2.0 ms avg latency, 4.0 ms max latency.",
                "5 records sent, 1.0 records/sec (0.00 MB/sec), 7.0 ms avg latency, 9.0 ms max latency.",
                "10 records sent, 1.000000 records/sec (0.00 MB/sec), 4.50 ms avg latency, 9.00 ms max latency, "
                        + "5 ms 50th, 9 ms 95th, 9 ms 99th, 9 ms 99.9th.");
        assertThat(stats.count()).isEqualTo(10);
    }

    @Test
    void consumerLinesHaveKafkasColumns() {
        assertThat(ConsumerStats.header(false)).isEqualTo("start.time, end.time, data.consumed.in.MB, MB.sec, "
                + "data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec"
                + System.lineSeparator());
        assertThat(ConsumerStats.header(true)).startsWith("time, threadId, data.consumed.in.MB, MB.sec, ");
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss:SSS");
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        // 10 MiB and 10,000 records in 4 s, of which 2 s rebalancing.
        assertThat(ConsumerStats.summary(format, 0, 4_000, 10L << 20, 10_000, 2_000))
                .isEqualTo("1970-01-01 00:00:00:000, 1970-01-01 00:00:04:000, 10.0000, 2.5000, 10000, 2500.0000, 2000, "
                        + "2000, 5.0000, 5000.0000" + System.lineSeparator());
        assertThat(ConsumerStats.interval(format, 0, 0, 1_000, 0, 1L << 20, 0, 500, 0))
                .isEqualTo("1970-01-01 00:00:01:000, 0, 1.0000, 1.0000, 500, 500.0000, 0, 1000, 1.0000, 500.0000"
                        + System.lineSeparator());
    }

    @Test
    void endToEndSummaryHasKafkasLines() {
        long[] latencies = new long[1000];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = i + 1;
        }
        assertThat(EndToEndLatency.summary(1000L * 2_500_000L, latencies))
                .isEqualTo("Avg latency: 2.5000 ms" + System.lineSeparator()
                        + "Percentiles: 50th = 501, 99th = 991, 99.9th = 1000" + System.lineSeparator());
    }

    @Test
    void throttleSpacesSendsAtTheRateAndNegativeMeansNoLimit() {
        Throttle hundred = new Throttle(100, 0);
        assertThat(hundred.delayNs(1, 0)).isEqualTo(10_000_000L);
        assertThat(hundred.delayNs(100, 500_000_000L)).isEqualTo(500_000_000L);
        assertThat(hundred.delayNs(10, 200_000_000L)).isZero();
        assertThat(new Throttle(-1, 0).delayNs(1_000_000, 0)).isZero();
    }
}
