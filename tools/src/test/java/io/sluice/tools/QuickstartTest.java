package io.sluice.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.zk.ZkClient;
import io.sluice.zk.ZkClientConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@code scripts/sluice-quickstart.sh} as a user runs it: a real process with an embedded ZooKeeper and
 * a broker, which registers, takes records from the official KafkaProducer and gives them back to a
 * KafkaConsumer, stops cleanly on SIGTERM with exit status 0, and starts again on the same data with
 * the records still there.
 */
class QuickstartTest {

    private static final String TOPIC = "quickstart-test";

    private static final Pattern READY = Pattern.compile(
            Pattern.quote(LocalCluster.READY_PREFIX) + "127\\.0\\.0\\.1:(\\d+) \\(1 broker, ZooKeeper (127\\.0\\.0\\.1:\\d+), data in (.+)\\)");

    @Test
    void quickstartServesStopsCleanlyOnSigtermAndStartsAgainOnItsData() throws Exception {
        Path data = ToolProcess.tempDir("sluice-quickstart-test");
        String clusterId;
        try (ToolProcess cluster = startQuickstart(data)) {
            Matcher ready = awaitReady(cluster, data);
            int port = Integer.parseInt(ready.group(1));
            String zookeeper = ready.group(2);

            assertThat(ApiVersionsProbe.apiVersions("127.0.0.1", port)).containsKey(18);
            String bootstrap = "127.0.0.1:" + port;
            createTopic(bootstrap);
            produce(bootstrap, "first", "second", "third");
            assertThat(consumeAll(bootstrap, 3)).containsExactly("first", "second", "third");
            try (ZkClient zk = ZkClient.connect(ZkClientConfig.of(zookeeper))) {
                String registration = new String(zk.getData("/brokers/ids/0").data(), StandardCharsets.UTF_8);
                assertThat(registration).contains("127.0.0.1").contains(String.valueOf(port));
                clusterId = new String(zk.getData("/cluster/id").data(), StandardCharsets.UTF_8);
            }

            cluster.terminate();
            assertThat(cluster.waitFor()).as("exit status after SIGTERM; output:%n%s", cluster.output()).isZero();
            assertThat(cluster.output()).contains("Sluice stopped.");
        }
        assertThat(data.resolve("broker-0").resolve(".kafka_cleanshutdown"))
                .as("clean-shutdown marker: the next start skips log recovery").exists();

        try (ToolProcess again = startQuickstart(data)) {
            Matcher ready = awaitReady(again, data);
            try (ZkClient zk = ZkClient.connect(ZkClientConfig.of(ready.group(2)))) {
                assertThat(new String(zk.getData("/cluster/id").data(), StandardCharsets.UTF_8))
                        .as("the same cluster, read back from the kept ZooKeeper data").isEqualTo(clusterId);
                assertThat(zk.exists("/brokers/ids/0")).isTrue();
            }
            String bootstrap = "127.0.0.1:" + ready.group(1);
            assertThat(consumeAll(bootstrap, 3)).as("records kept across the restart")
                    .containsExactly("first", "second", "third");
            again.terminate();
            assertThat(again.waitFor()).as("exit status after SIGTERM; output:%n%s", again.output()).isZero();
        }
    }

    private static void createTopic(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static void produce(String bootstrap, String... values) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(TOPIC, value)).get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads partition 0 from the beginning with an assigned consumer (consumer groups are not needed). */
    private static List<String> consumeAll(String bootstrap, int count) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (values.size() < count && System.nanoTime() < giveUp) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
        }
        return values;
    }

    private static ToolProcess startQuickstart(Path data) {
        return ToolProcess.script(Map.of(), "sluice-quickstart.sh",
                "--port", "0", "--zookeeper-port", "0", "--data-dir", data.toString());
    }

    private static Matcher awaitReady(ToolProcess cluster, Path data) throws InterruptedException {
        String line = cluster.awaitLine(LocalCluster.READY_PREFIX);
        Matcher ready = READY.matcher(line);
        assertThat(ready.matches()).as("ready line: %s", line).isTrue();
        assertThat(ready.group(3)).isEqualTo(data.toAbsolutePath().normalize().toString());
        return ready;
    }
}
