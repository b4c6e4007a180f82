package io.sluice.server.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.Errors;
import io.sluice.server.BrokerServices;
import io.sluice.server.cluster.SluiceTestCluster;
import io.sluice.server.group.GroupRecords.OffsetValue;
import io.sluice.server.log.TopicPartition;
import io.sluice.server.topic.TopicManager;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * offsets.retention.minutes: offsets committed longer ago than the retention are deleted with
 * tombstones in __consumer_offsets, newer ones stay; what a restarted broker replays shows it.
 */
class OffsetExpiryTest {

    private static final long RETENTION_MS = 60_000;
    private static final TopicPartition TP = new TopicPartition("expiring", 0);

    private SluiceTestCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = SluiceTestCluster.start(1, Map.of("offsets.topic.num.partitions", "2"));
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(TP.topic(), 1, (short) 1))).all().get();
            // creates __consumer_offsets and waits for its coordinator, as a client would
            admin.alterConsumerGroupOffsets("warm-up", Map.of(
                    new org.apache.kafka.common.TopicPartition(TP.topic(), 0), new OffsetAndMetadata(0))).all().get();
        }
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        return Admin.create(props);
    }

    @Test
    void oldOffsetsAreTombstonedAndNewOnesKept() throws Exception {
        BrokerServices services = cluster.broker(0).services();
        CoordinatorLookup lookup = new CoordinatorLookup(services.metadataCache(), new TopicManager(services), 2);
        SystemGroupTimer timer = new SystemGroupTimer();
        OffsetManager offsets = new OffsetManager(services.partitionManager(), lookup, RETENTION_MS, timer);
        long now = System.currentTimeMillis();

        assertThat(offsets.commit("old-group", Map.of(TP, new OffsetValue(5, -1, "", now - 2 * RETENTION_MS)))
                .get()).containsEntry(TP, Errors.NONE);
        assertThat(offsets.commit("fresh-group", Map.of(TP, new OffsetValue(8, -1, "", now))).get())
                .containsEntry(TP, Errors.NONE);

        assertThat(offsets.expireOffsets(now)).isEqualTo(1);
        assertThat(offsets.fetch("old-group", null)).isEmpty();
        assertThat(offsets.fetch("fresh-group", null)).containsOnlyKeys(TP);
        assertThat(offsets.expireOffsets(now)).isZero();

        timer.close();
        cluster.stopBroker(0);
        cluster.startBroker(0);
        try (Admin admin = admin()) {
            assertThat(admin.listConsumerGroupOffsets("old-group").partitionsToOffsetAndMetadata().get()).isEmpty();
            assertThat(admin.listConsumerGroupOffsets("fresh-group").partitionsToOffsetAndMetadata().get()
                    .get(new org.apache.kafka.common.TopicPartition(TP.topic(), 0)).offset()).isEqualTo(8);
        }
    }
}
