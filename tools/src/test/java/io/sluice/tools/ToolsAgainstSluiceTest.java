package io.sluice.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.clients.admin.SluiceAdmin;
import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.consumer.OffsetAndMetadata;
import io.sluice.server.cluster.SluiceTestCluster;
import io.sluice.tools.common.ToolOutput;
import io.sluice.tools.configs.ConfigsCommand;
import io.sluice.tools.consoleconsumer.ConsoleConsumer;
import io.sluice.tools.groups.ConsumerGroupsCommand;
import io.sluice.tools.topics.TopicsCommand;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sluice-topics.sh, sluice-configs.sh and sluice-consumer-groups.sh run in-process against a real
 * one-broker Sluice cluster: what they print, their exit codes, and that what they change is changed.
 */
class ToolsAgainstSluiceTest {

    private static SluiceTestCluster cluster;
    private static String bootstrap;

    @BeforeAll
    static void startCluster() {
        cluster = SluiceTestCluster.start(1);
        bootstrap = cluster.bootstrapServers();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void topicsToolCreatesListsDescribesAltersAndDeletes() throws Exception {
        ToolOutput created = topics("--create", "--topic", "tools-orders", "--partitions", "2", "--replication-factor", "1",
                "--config", "cleanup.policy=compact", "--config", "retention.ms=3600000");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).isEqualTo("Created topic tools-orders.\n");

        ToolOutput duplicate = topics("--create", "--topic", "tools-orders");
        assertThat(duplicate.exitCode()).isEqualTo(1);
        assertThat(duplicate.err()).startsWith("Error while executing topic command : ").contains("TOPIC_ALREADY_EXISTS")
                .doesNotContain("\tat ");
        assertThat(topics("--create", "--topic", "tools-orders", "--if-not-exists").exitCode()).isZero();

        assertThat(topics("--list").out().lines()).contains("tools-orders");

        String describe = awaitOutput(() -> topics("--describe", "--topic", "tools-orders"),
                out -> out.contains("Partition: 1\tLeader: 0"));
        assertThat(describe.lines()).hasSize(3);
        assertThat(describe.lines().findFirst().orElseThrow()).matches(
                "Topic: tools-orders\tTopicId: [A-Za-z0-9_-]{22}\tPartitionCount: 2\tReplicationFactor: 1\tConfigs: .*")
                .contains("cleanup.policy=compact").contains("retention.ms=3600000");
        assertThat(describe).contains("\tTopic: tools-orders\tPartition: 0\tLeader: 0\tReplicas: 0\tIsr: 0\tElr: N/A\tLastKnownElr: N/A\n");
        assertThat(topics("--describe", "--topic", "tools-orders", "--under-replicated-partitions").out()).isEmpty();

        ToolOutput altered = topics("--alter", "--topic", "tools-orders", "--partitions", "3");
        assertThat(altered.exitCode()).as(altered.err()).isZero();
        awaitOutput(() -> topics("--describe", "--topic", "tools-orders"), out -> out.contains("PartitionCount: 3"));
        ToolOutput shrink = topics("--alter", "--topic", "tools-orders", "--partitions", "1");
        assertThat(shrink.exitCode()).isEqualTo(1);
        assertThat(shrink.err()).contains("INVALID_PARTITIONS");

        assertThat(topics("--delete", "--topic", "tools-orders").exitCode()).isZero();
        awaitOutput(() -> topics("--list"), out -> !out.lines().toList().contains("tools-orders"));
        ToolOutput missing = topics("--delete", "--topic", "tools-orders");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("Error while executing topic command : Topic 'tools-orders' does not exist as expected\n");
        assertThat(topics("--delete", "--topic", "tools-orders", "--if-exists").exitCode()).isZero();
    }

    @Test
    void configsToolDescribesAndAltersTopicAndBrokerConfigs() throws Exception {
        assertThat(topics("--create", "--topic", "tools-configs", "--partitions", "1").exitCode()).isZero();

        ToolOutput added = configs("--entity-type", "topics", "--entity-name", "tools-configs", "--alter",
                "--add-config", "retention.ms=1000,max.message.bytes=2048");
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).isEqualTo("Completed updating config for topic tools-configs.\n");

        String described = awaitOutput(() -> configs("--entity-type", "topics", "--entity-name", "tools-configs", "--describe"),
                out -> out.contains("retention.ms=1000"));
        assertThat(described).startsWith("Dynamic configs for topic tools-configs are:\n")
                .contains("\n  max.message.bytes=2048 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:max.message.bytes=2048")
                .contains("\n  retention.ms=1000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=1000");
        assertThat(described.indexOf("max.message.bytes")).as("sorted by name").isLessThan(described.indexOf("retention.ms"));

        ToolOutput deleted = configs("--topic", "tools-configs", "--alter", "--delete-config", "retention.ms");
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        awaitOutput(() -> configs("--topic", "tools-configs", "--describe"), out -> !out.contains("retention.ms"));

        ToolOutput notSet = configs("--topic", "tools-configs", "--alter", "--delete-config", "segment.ms");
        assertThat(notSet.exitCode()).isEqualTo(1);
        assertThat(notSet.err()).isEqualTo("Error while executing config command: Invalid config(s): segment.ms\n");

        ToolOutput invalid = configs("--topic", "tools-configs", "--alter", "--add-config", "retention.ms=soon");
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.err()).contains("INVALID_CONFIG").doesNotContain("\tat ");

        ToolOutput broker = configs("--entity-type", "brokers", "--entity-name", "0", "--describe", "--all");
        assertThat(broker.exitCode()).as(broker.err()).isZero();
        assertThat(broker.out()).startsWith("All configs for broker 0 are:\n").contains("\n  broker.id=0 sensitive=false");
    }

    @Test
    void consumerGroupsToolDescribesResetsAndDeletesAGroup() throws Exception {
        assertThat(topics("--create", "--topic", "tools-groups", "--partitions", "1").exitCode()).isZero();
        produce("tools-groups", 5);
        TopicPartition tp = new TopicPartition("tools-groups", 0);
        try (SluiceAdmin admin = SluiceAdmin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.alterConsumerGroupOffsets("tools-group", Map.of(tp, new OffsetAndMetadata(2))).all().get();
            admin.alterConsumerGroupOffsets("tools-offsets-group", Map.of(tp, new OffsetAndMetadata(1))).all().get();
        }

        ToolOutput offsetsDeleted = groups("--delete-offsets", "--group", "tools-offsets-group", "--topic", "tools-groups");
        assertThat(offsetsDeleted.exitCode()).as(offsetsDeleted.err()).isZero();
        assertThat(offsetsDeleted.out()).isEqualTo("Request succeed for deleting offsets with topic tools-groups group tools-offsets-group\n\n"
                + String.format("%-30s %-15s %-15s%n", "TOPIC", "PARTITION", "STATUS")
                + String.format("%-30s %-15s %-15s%n", "tools-groups", "0", "Successful"));
        ToolOutput noGroup = groups("--delete-offsets", "--group", "tools-no-such-group", "--topic", "tools-groups:0");
        assertThat(noGroup.exitCode()).isEqualTo(1);
        assertThat(noGroup.err()).isEqualTo("Error: 'tools-no-such-group' does not exist.\n");
        assertThat(noGroup.out()).contains("Error: :GROUP_ID_NOT_FOUND");

        assertThat(groups("--list").out().lines()).contains("tools-group");

        ToolOutput described = groups("--describe", "--group", "tools-group");
        assertThat(described.exitCode()).as(described.err()).isZero();
        assertThat(described.err()).contains("Consumer group 'tools-group' has no active members.");
        assertThat(described.out()).isEqualTo("\n"
                + "GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID\n"
                + "tools-group     tools-groups    0          2               5               3               -               -               -\n");

        ToolOutput planned = groups("--reset-offsets", "--group", "tools-group", "--topic", "tools-groups", "--shift-by", "-1", "--dry-run");
        assertThat(planned.exitCode()).as(planned.err()).isZero();
        assertThat(planned.out()).contains(String.format("%-30s %-30s %-10s %-15s", "tools-group", "tools-groups", "0", "1"));
        assertThat(groups("--describe", "--group", "tools-group").out()).as("a dry run changes nothing")
                .contains("tools-groups    0          2 ");

        ToolOutput executed = groups("--reset-offsets", "--group", "tools-group", "--all-topics", "--to-latest", "--execute");
        assertThat(executed.exitCode()).as(executed.err()).isZero();
        assertThat(executed.out()).contains(String.format("%-30s %-30s %-10s %-15s", "tools-group", "tools-groups", "0", "5"));
        assertThat(groups("--describe", "--group", "tools-group").out())
                .contains("tools-group     tools-groups    0          5               5               0 ");

        ToolOutput clamped = groups("--reset-offsets", "--group", "tools-group", "--topic", "tools-groups:0", "--to-offset", "99", "--execute");
        assertThat(clamped.err()).contains("New offset (99) is higher than latest offset for topic partition tools-groups-0. "
                + "Value will be set to 5");

        ToolOutput earliest = groups("--reset-offsets", "--group", "tools-group", "--topic", "tools-groups", "--to-earliest", "--execute");
        assertThat(earliest.out()).contains(String.format("%-30s %-30s %-10s %-15s", "tools-group", "tools-groups", "0", "0"));

        ToolOutput deleted = groups("--delete", "--group", "tools-group");
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(deleted.out()).isEqualTo("Deletion of requested consumer groups ('tools-group') was successful.\n");
        ToolOutput gone = groups("--describe", "--group", "tools-group");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("Error: Consumer group 'tools-group' does not exist.\n");
        ToolOutput deleteAgain = groups("--delete", "--group", "tools-group");
        assertThat(deleteAgain.exitCode()).isEqualTo(1);
        assertThat(deleteAgain.out()).contains("* Group 'tools-group' could not be deleted due to: GROUP_ID_NOT_FOUND");
    }

    @Test
    void consoleConsumerPrintsKeysAndValuesCommitsForItsGroupAndReadsOneNamedPartition() throws Exception {
        assertThat(topics("--create", "--topic", "tools-console", "--partitions", "1").exitCode()).isZero();
        produce("tools-console", 4);

        ToolOutput consumed = ToolOutput.run(ConsoleConsumer::run, withBootstrap("--topic", "tools-console", "--group", "tools-console-group",
                "--from-beginning", "--max-messages", "4", "--property", "print.key=true", "--property", "key.separator=:"));
        assertThat(consumed.exitCode()).as(consumed.err()).isZero();
        assertThat(consumed.out()).isEqualTo("k0:v0\nk1:v1\nk2:v2\nk3:v3\n");
        assertThat(consumed.err()).endsWith("Processed a total of 4 messages\n");
        assertThat(groups("--describe", "--group", "tools-console-group").out())
                .contains("tools-console-group tools-console   0          4               4               0 ");

        ToolOutput onePartition = ToolOutput.run(ConsoleConsumer::run, withBootstrap("--topic", "tools-console", "--partition", "0",
                "--offset", "1", "--max-messages", "2", "--property", "print.offset=true", "--property", "print.partition=true"));
        assertThat(onePartition.exitCode()).as(onePartition.err()).isZero();
        assertThat(onePartition.out()).isEqualTo("Partition:0\tOffset:1\tv1\nPartition:0\tOffset:2\tv2\n");

        ToolOutput badConfig = ToolOutput.run(ConsoleConsumer::run, withBootstrap("--topic", "tools-console",
                "--isolation-level", "sometimes"));
        assertThat(badConfig.exitCode()).isEqualTo(2);
        assertThat(badConfig.err()).startsWith("Invalid consumer configuration: ").contains("isolation.level");

        ToolOutput idle = ToolOutput.run(ConsoleConsumer::run, withBootstrap("--include", "tools-cons.*", "--timeout-ms", "3000"));
        assertThat(idle.exitCode()).as(idle.err()).isZero();
        assertThat(idle.out()).as("a new group starts at the end").isEmpty();
        assertThat(idle.err()).endsWith("Processed a total of 0 messages\n");

        String offsets = awaitOutput(() -> ToolOutput.run(ConsoleConsumer::run, withBootstrap("--topic", "__consumer_offsets",
                "--from-beginning", "--timeout-ms", "5000", "--formatter", "offsets")),
                out -> out.contains("[tools-console-group,tools-console,0]::"));
        assertThat(offsets.lines().filter(line -> line.startsWith("[tools-console-group,tools-console,0]::")).toList())
                .allMatch(line -> line.matches("\\[tools-console-group,tools-console,0]::OffsetAndMetadata\\(offset=4, "
                        + "leaderEpoch=Optional(\\[\\d+]|\\.empty), metadata=, commitTimestamp=\\d+, expireTimestamp=None\\)"));
    }

    @Test
    void consumerGroupsToolShowsTheMembersOfAnActiveGroupAndRefusesToResetIt() throws Exception {
        assertThat(topics("--create", "--topic", "tools-active", "--partitions", "2").exitCode()).isZero();
        produce("tools-active", 3);
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "tools-active-group");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tools-client");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of("tools-active"));
            int seen = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (seen < 3 && System.nanoTime() < deadline) {
                seen += consumer.poll(Duration.ofMillis(200)).count();
            }
            consumer.commitSync();

            String described = awaitOutput(() -> groups("--describe", "--group", "tools-active-group"),
                    out -> out.lines().filter(l -> l.startsWith("tools-active-group")).count() == 2);
            List<String> rows = described.lines().filter(l -> l.startsWith("tools-active-group")).toList();
            String header = described.lines().filter(l -> l.startsWith("GROUP")).findFirst().orElseThrow();
            for (String row : rows) {
                String[] columns = row.split("\\s+");
                assertThat(columns[1]).isEqualTo("tools-active");
                assertThat(Long.parseLong(columns[5])).as("lag").isZero();
                assertThat(columns[6]).startsWith("tools-client-");
                assertThat(columns[7]).isEqualTo("/127.0.0.1");
                assertThat(columns[8]).isEqualTo("tools-client");
                assertThat(row.indexOf(columns[6])).as("CONSUMER-ID aligned").isEqualTo(header.indexOf("CONSUMER-ID"));
                assertThat(row.indexOf("/127.0.0.1")).as("HOST aligned").isEqualTo(header.indexOf("HOST"));
            }

            String members = groups("--describe", "--group", "tools-active-group", "--members").out();
            assertThat(members.lines().filter(l -> l.startsWith("tools-active-group")).toList()).singleElement()
                    .satisfies(line -> assertThat(line.split("\\s+")).containsSubsequence("/127.0.0.1", "tools-client", "2"));
            String state = groups("--describe", "--group", "tools-active-group", "--state").out();
            assertThat(state.lines().filter(l -> l.startsWith("tools-active-group")).toList()).singleElement()
                    .satisfies(line -> assertThat(line).matches(
                            "tools-active-group\\s+127\\.0\\.0\\.1:\\d+  \\(0\\)\\s+range\\s+Stable\\s+1"));

            ToolOutput reset = groups("--reset-offsets", "--group", "tools-active-group", "--all-topics", "--to-earliest", "--execute");
            assertThat(reset.exitCode()).isEqualTo(1);
            assertThat(reset.err()).contains("Error: Assignments can only be reset if the group 'tools-active-group' is inactive, "
                    + "but the current state is Stable.");
        }
    }

    @Test
    void anUnreachableClusterIsOneLineAfterABoundedWait(@TempDir Path dir) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Path config = dir.resolve("admin.properties");
        Files.writeString(config, "default.api.timeout.ms=2000\n");
        ToolOutput result = ToolOutput.run(TopicsCommand::run, "--bootstrap-server", "127.0.0.1:" + closedPort,
                "--command-config", config.toString(), "--list");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err()).startsWith("Could not reach a broker at 127.0.0.1:" + closedPort + " within 2 s");
    }

    private static ToolOutput topics(String... args) {
        return ToolOutput.run(TopicsCommand::run, withBootstrap(args));
    }

    private static ToolOutput configs(String... args) {
        return ToolOutput.run(ConfigsCommand::run, withBootstrap(args));
    }

    private static ToolOutput groups(String... args) {
        return ToolOutput.run(ConsumerGroupsCommand::run, withBootstrap(args));
    }

    private static String[] withBootstrap(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = bootstrap;
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }

    /** Runs a tool until its output satisfies {@code done} (metadata and configs settle asynchronously). */
    private static String awaitOutput(java.util.function.Supplier<ToolOutput> tool, Predicate<String> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        ToolOutput last;
        do {
            last = tool.get();
            if (last.exitCode() == 0 && done.test(last.out())) {
                return last.out();
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Output never matched; last exit " + last.exitCode() + ", out:\n" + last.out() + "\nerr:\n" + last.err());
    }

    private static void produce(String topic, int count) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
            }
        }
    }
}
