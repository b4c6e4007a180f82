package io.sluice.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README walkthrough as a user runs it: every step through the real scripts as separate
 * processes on loopback, and each step's output checked. The files of {@code conf/} are copied to a
 * temporary directory with free ports and private data directories written in (the only difference
 * from the README, so that tests can run beside a cluster started by hand). Every command is also
 * written down the way the README shows it ({@code localhost:9092}, {@code conf/...}), and the README's
 * walkthrough must contain each of them verbatim, so the document and this test cannot drift apart.
 * The scripts run with this test's class path (SLUICE_CLASSPATH) so no build is triggered.
 */
class WalkthroughTest {

    private static final String TOPIC = "walkthrough";
    private static final String GROUP = "walkthrough-group";

    /** Every command this test ran, as the README writes it. */
    private final List<String> asTyped = new ArrayList<>();
    private String bootstrap;
    private Path conf;

    @Test
    void theWalkthroughWorksStepByStep() throws Exception {
        Path work = ToolProcess.tempDir("sluice-walkthrough");
        conf = work.resolve("conf");
        Files.createDirectories(conf);
        Map<String, String> env = Map.of("SLUICE_LOG_DIR", work.resolve("logs").toString(), "ZK_HEAP_OPTS", "-Xmx128m");
        int brokerPort = ToolProcess.freePort();
        List<Integer> zkPorts = writeConfigs(conf, work, brokerPort);
        bootstrap = "localhost:" + brokerPort;
        try {
            for (int n = 1; n <= 3; n++) {
                assertThat(runScript(env, "zookeeper-server-start.sh", "-daemon", conf.resolve("zookeeper-" + n + ".properties").toString()))
                        .contains("ZooKeeper zookeeper-" + n + " started");
            }
            assertThat(runScript(env, "sluice-server-start.sh", "-daemon", conf.resolve("server-1.properties").toString()))
                    .contains("Sluice broker server-1 started");
            awaitLogLine(work.resolve("logs/server-1.out"), "Sluice broker 1 started");

            // Create a topic and look at it.
            assertThat(tool(env, "sluice-topics.sh", "--bootstrap-server", bootstrap, "--create", "--topic", TOPIC,
                    "--partitions", "3", "--replication-factor", "1")).isEqualTo("Created topic walkthrough.\n");
            String described = tool(env, "sluice-topics.sh", "--bootstrap-server", bootstrap, "--describe", "--topic", TOPIC);
            List<String> lines = described.lines().toList();
            assertThat(lines).hasSize(4);
            assertThat(lines.get(0)).matches("Topic: walkthrough\tTopicId: [A-Za-z0-9_-]{22}\tPartitionCount: 3\tReplicationFactor: 1\tConfigs: .*");
            for (int p = 0; p < 3; p++) {
                assertThat(lines.get(p + 1)).isEqualTo("\tTopic: walkthrough\tPartition: " + p
                        + "\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: N/A\tLastKnownElr: N/A");
            }

            // Three keyed records, then read back in a group.
            Path input = work.resolve("input.txt");
            Files.writeString(input, "alice:1\nbob:2\ncarol:3\n");
            ProcessResult produced = run(env, input, "sluice-console-producer.sh", "--bootstrap-server", bootstrap,
                    "--topic", TOPIC, "--property", "parse.key=true", "--property", "key.separator=:");
            assertThat(produced.exitCode()).as(produced.err()).isZero();
            ProcessResult consumed = run(env, null, "sluice-console-consumer.sh", "--bootstrap-server", bootstrap, "--topic", TOPIC,
                    "--group", GROUP, "--from-beginning", "--max-messages", "3", "--property", "print.key=true",
                    "--property", "key.separator=:");
            assertThat(consumed.exitCode()).as(consumed.err()).isZero();
            assertThat(consumed.out().lines()).containsExactlyInAnyOrder("alice:1", "bob:2", "carol:3");
            assertThat(consumed.err()).contains("Processed a total of 3 messages");

            // The group committed where it stopped: LAG 0 everywhere.
            ProcessResult group = run(env, null, "sluice-consumer-groups.sh", "--bootstrap-server", bootstrap, "--describe", "--group", GROUP);
            assertThat(group.exitCode()).as(group.err()).isZero();
            List<String> rows = group.out().lines().filter(line -> line.startsWith(GROUP)).toList();
            assertThat(rows).hasSize(3);
            Pattern row = Pattern.compile("walkthrough-group walkthrough     (\\d)          (\\d+)\\s+(\\d+)\\s+(\\d+)\\s+-\\s+-\\s+-");
            long total = 0;
            for (String line : rows) {
                Matcher m = row.matcher(line);
                assertThat(m.matches()).as(line).isTrue();
                assertThat(m.group(2)).isEqualTo(m.group(3));
                assertThat(m.group(4)).isEqualTo("0");
                total += Long.parseLong(m.group(3));
            }
            assertThat(total).isEqualTo(3);
            assertThat(group.out().lines().filter(l -> l.startsWith("GROUP")).findFirst().orElseThrow())
                    .startsWith("GROUP             TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG");

            // Rewind: the dry run plans offset 0 for every partition, --execute commits it.
            for (String mode : List.of("--dry-run", "--execute")) {
                String reset = tool(env, "sluice-consumer-groups.sh", "--bootstrap-server", bootstrap, "--reset-offsets",
                        "--group", GROUP, "--topic", TOPIC, "--to-earliest", mode);
                assertThat(reset.lines().filter(l -> l.startsWith(GROUP)).toList()).hasSize(3)
                        .allMatch(l -> l.matches("walkthrough-group\\s+walkthrough\\s+\\d\\s+0\\s*"));
            }
            assertThat(tool(env, "sluice-consumer-groups.sh", "--bootstrap-server", bootstrap, "--describe", "--group", GROUP)
                    .lines().filter(l -> l.startsWith(GROUP)).mapToLong(l -> Long.parseLong(l.split("\\s+")[5])).sum())
                    .as("total lag after rewinding").isEqualTo(3);

            // A topic config, and the commits in __consumer_offsets.
            assertThat(tool(env, "sluice-configs.sh", "--bootstrap-server", bootstrap, "--entity-type", "topics", "--entity-name", TOPIC,
                    "--alter", "--add-config", "retention.ms=86400000")).isEqualTo("Completed updating config for topic walkthrough.\n");
            assertThat(tool(env, "sluice-configs.sh", "--bootstrap-server", bootstrap, "--entity-type", "topics", "--entity-name", TOPIC,
                    "--describe")).startsWith("Dynamic configs for topic walkthrough are:\n")
                    .contains("  retention.ms=86400000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=86400000");
            ProcessResult offsets = run(env, null, "sluice-console-consumer.sh", "--bootstrap-server", bootstrap,
                    "--topic", "__consumer_offsets", "--from-beginning", "--formatter", "offsets", "--timeout-ms", "5000");
            assertThat(offsets.exitCode()).as(offsets.err()).isZero();
            assertThat(offsets.out().lines().filter(l -> l.startsWith("[walkthrough-group,walkthrough,")).toList())
                    .isNotEmpty()
                    .allMatch(l -> l.matches("\\[walkthrough-group,walkthrough,\\d]::OffsetAndMetadata\\(offset=\\d+, "
                            + "leaderEpoch=Optional(\\[\\d+]|\\.empty), metadata=, commitTimestamp=\\d+, expireTimestamp=None\\)"));

            // The producer performance tool.
            String perf = tool(env, "sluice-producer-perf-test.sh", "--topic", "walkthrough-perf", "--num-records", "50000",
                    "--record-size", "100", "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all");
            assertThat(perf.lines().reduce((first, second) -> second).orElseThrow()).matches(
                    "50000 records sent, [\\d.]+ records/sec \\([\\d.]+ MB/sec\\), [\\d.]+ ms avg latency, [\\d.]+ ms max latency, "
                            + "\\d+ ms 50th, \\d+ ms 95th, \\d+ ms 99th, \\d+ ms 99.9th.");
        } finally {
            String stopped = runScript(env, "sluice-server-stop.sh");
            runScript(env, "zookeeper-server-stop.sh");
            assertThat(stopped).contains("Stopped server-1");
        }
        assertThat(Files.readString(work.resolve("logs/server-1.out"))).contains("Broker 1 shut down");
        assertThat(zkPorts).hasSize(3);
        String readme = walkthroughOfReadme();
        assertThat(asTyped).hasSizeGreaterThan(10);
        for (String command : asTyped) {
            assertThat(readme).as("the README walkthrough shows the command the test ran").contains(command);
        }
    }

    private String runScript(Map<String, String> env, String script, String... args) throws Exception {
        record(script, args);
        return ToolProcess.runScript(env, script, args);
    }

    /** Notes a command the way a user types it from the README: default address, files under conf/. */
    private void record(String script, String... args) {
        StringBuilder typed = new StringBuilder("scripts/").append(script);
        for (String arg : args) {
            String shown = arg.replace(bootstrap, "localhost:9092");
            if (conf != null && shown.startsWith(conf.toString())) {
                shown = "conf" + shown.substring(conf.toString().length());
            }
            typed.append(' ').append(shown);
        }
        asTyped.add(typed.toString());
    }

    /** The README's walkthrough section with line continuations joined and spaces collapsed. */
    private static String walkthroughOfReadme() throws IOException {
        String readme = Files.readString(ToolProcess.HOME.resolve("README.md"));
        int start = readme.indexOf("## Walkthrough");
        assertThat(start).as("README has a walkthrough section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        return section.replace("\\\n", " ").replaceAll("[ \t]+", " ");
    }

    /**
     * Copies the ensemble and broker files of conf/ with free ports and data directories under
     * {@code work}; returns the ZooKeeper client ports.
     */
    private static List<Integer> writeConfigs(Path conf, Path work, int brokerPort) throws IOException {
        Path home = ToolProcess.HOME.resolve("conf");
        List<Integer> clientPorts = new ArrayList<>();
        Map<String, String> quorum = new HashMap<>();
        for (int n = 1; n <= 3; n++) {
            clientPorts.add(ToolProcess.freePort());
            quorum.put("server." + n, "127.0.0.1:" + ToolProcess.freePort() + ":" + ToolProcess.freePort());
        }
        for (int n = 1; n <= 3; n++) {
            Map<String, String> changes = new HashMap<>(quorum);
            changes.put("dataDir", work.resolve("zookeeper-" + n).toString());
            changes.put("clientPort", Integer.toString(clientPorts.get(n - 1)));
            rewrite(home.resolve("zookeeper-" + n + ".properties"), conf.resolve("zookeeper-" + n + ".properties"), changes);
        }
        String connect = clientPorts.stream().map(p -> "127.0.0.1:" + p).reduce((a, b) -> a + "," + b).orElseThrow();
        rewrite(home.resolve("server-1.properties"), conf.resolve("server-1.properties"), Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:" + brokerPort,
                "zookeeper.connect", connect,
                "log.dirs", work.resolve("sluice-logs-1").toString()));
        return clientPorts;
    }

    /** Copies a properties file line by line, replacing the values of the given keys (each must be there). */
    private static void rewrite(Path from, Path to, Map<String, String> changes) throws IOException {
        List<String> out = new ArrayList<>();
        Map<String, String> pending = new HashMap<>(changes);
        for (String line : Files.readAllLines(from, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            String key = eq > 0 && !line.startsWith("#") ? line.substring(0, eq).trim() : null;
            if (key != null && pending.containsKey(key)) {
                out.add(key + "=" + pending.remove(key));
            } else {
                out.add(line);
            }
        }
        assertThat(pending).as("keys missing from " + from).isEmpty();
        Files.write(to, out, StandardCharsets.UTF_8);
    }

    private static void awaitLogLine(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("'" + text + "' never appeared in " + log + ":\n" + (Files.exists(log) ? Files.readString(log) : "(none)"));
    }

    /** Runs a tool script and returns its stdout; fails on a non-zero exit. */
    private String tool(Map<String, String> env, String script, String... args) throws Exception {
        ProcessResult result = run(env, null, script, args);
        assertThat(result.exitCode()).as("%s %s: %s", script, String.join(" ", args), result.err()).isZero();
        return result.out();
    }

    record ProcessResult(int exitCode, String out, String err) {
    }

    /** Runs a script with stdin from {@code input} (or nothing), stdout and stderr kept apart. */
    private ProcessResult run(Map<String, String> env, Path input, String script, String... args) throws Exception {
        record(script, args);
        List<String> command = new ArrayList<>();
        command.add(ToolProcess.HOME.resolve("scripts").resolve(script).toString());
        command.addAll(List.of(args));
        Path dir = Files.createTempDirectory("walkthrough-step");
        File out = dir.resolve("out").toFile();
        File err = dir.resolve("err").toFile();
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out).redirectError(err);
        builder.redirectInput(input == null ? ProcessBuilder.Redirect.from(new File("/dev/null")) : ProcessBuilder.Redirect.from(input.toFile()));
        builder.environment().put("SLUICE_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("SLUICE_HEAP_OPTS", "-Xmx256m");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(script + " did not end; stderr:\n" + Files.readString(err.toPath()));
        }
        return new ProcessResult(process.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
    }
}
