package io.sluice.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.server.cluster.SluiceTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * Apache Kafka's own {@code kafka-topics} (org.apache.kafka.tools.TopicCommand from kafka-tools 3.9.1)
 * against a live broker, run as users run it: a separate JVM with {@code --bootstrap-server}. It goes
 * through the Java Admin: CreateTopics (with a topic config), Metadata, DescribeCluster, DescribeConfigs,
 * CreatePartitions and DeleteTopics, the admin calls addressed to the controller Metadata names.
 */
class KafkaTopicsToolInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String TOPIC = "tools-topic";

    private static ExternalProgram.Result kafkaTopics(SluiceTestCluster cluster, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"),
                "org.apache.kafka.tools.TopicCommand", "--bootstrap-server", cluster.bootstrapServers()));
        command.addAll(List.of(args));
        return ExternalProgram.run(WAIT, command);
    }

    @Test
    void createListDescribeAlterAndDelete() throws Exception {
        System.out.println("external client kafka-topics (kafka-tools 3.9.1, separate JVM): RUNS");
        try (SluiceTestCluster cluster = SluiceTestCluster.start(1, Map.of("auto.create.topics.enable", "false"))) {
            assertThat(kafkaTopics(cluster, "--create", "--topic", TOPIC, "--partitions", "3",
                    "--replication-factor", "1", "--config", "retention.ms=3600000").assertSucceeded().stdout())
                    .contains("Created topic " + TOPIC + ".");

            ExternalProgram.Result duplicate = kafkaTopics(cluster, "--create", "--topic", TOPIC, "--partitions", "1");
            assertThat(duplicate.exitCode()).as("creating it again fails: %s", duplicate).isNotZero();
            assertThat(duplicate.stdout() + duplicate.stderr()).contains("already exists");

            assertThat(kafkaTopics(cluster, "--list").assertSucceeded().stdout().lines()).contains(TOPIC);

            String described = kafkaTopics(cluster, "--describe", "--topic", TOPIC).assertSucceeded().stdout();
            assertThat(described).containsPattern("Topic: " + TOPIC + "\\s+TopicId: \\S+\\s+PartitionCount: 3"
                    + "\\s+ReplicationFactor: 1\\s+Configs: .*retention.ms=3600000");
            for (int p = 0; p < 3; p++) {
                assertThat(described).containsPattern("Topic: " + TOPIC + "\\s+Partition: " + p
                        + "\\s+Leader: 0\\s+Replicas: 0\\s+Isr: 0");
            }

            kafkaTopics(cluster, "--alter", "--topic", TOPIC, "--partitions", "5").assertSucceeded();
            assertThat(kafkaTopics(cluster, "--describe", "--topic", TOPIC).assertSucceeded().stdout())
                    .contains("PartitionCount: 5").containsPattern("Partition: 4\\s+Leader: 0");

            kafkaTopics(cluster, "--delete", "--topic", TOPIC).assertSucceeded();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                long deadline = System.nanoTime() + WAIT.toNanos();
                Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                while (topics.contains(TOPIC) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                }
                assertThat(topics).doesNotContain(TOPIC);
            }
            assertThat(kafkaTopics(cluster, "--list").assertSucceeded().stdout().lines()).doesNotContain(TOPIC);
        }
    }
}
