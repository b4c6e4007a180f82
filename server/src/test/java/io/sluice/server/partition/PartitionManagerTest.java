package io.sluice.server.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.record.CompressionType;
import io.sluice.record.RecordBatchBuilder;
import io.sluice.server.SluiceServer;
import io.sluice.server.cluster.SluiceTestCluster;
import io.sluice.server.log.TopicPartition;
import io.sluice.zk.Versioned;
import io.sluice.zk.json.PartitionState;
import java.io.File;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The partition manager following ZooKeeper: leadership gained and lost, epochs recorded, deleted topics' logs removed. */
class PartitionManagerTest {

    private static ByteBuffer batch(String value) {
        return new RecordBatchBuilder(CompressionType.NONE).append(1000, null, value.getBytes()).build();
    }

    @Test
    void followsLeadershipAndDeletionFromZooKeeper() throws Exception {
        try (SluiceTestCluster cluster = SluiceTestCluster.start(1)) {
            SluiceServer broker = cluster.broker(0);
            PartitionManager manager = broker.services().partitionManager();
            broker.services().topicStore().createTopic("followed", 1, 1, Map.of());
            broker.services().metadataCache().refreshTopic("followed");
            TopicPartition tp = new TopicPartition("followed", 0);

            Partition partition = manager.leaderPartition(tp);
            int epoch = partition.leaderEpoch();
            manager.appendToLeader(tp, batch("one"), -1);
            assertThat(partition.highWatermark()).isEqualTo(1);
            assertThat(partition.log().leaderEpochCache().latestEpoch()).isEqualTo(epoch);

            // Another broker takes over (as a controller would write it): this one stops serving.
            Versioned<PartitionState> state = broker.services().topicStore().partitionState("followed", 0).orElseThrow();
            broker.services().topicStore().updatePartitionState("followed", 0,
                    state.value().withLeader(7, List.of(7), state.value().controllerEpoch()), state.zkVersion());
            broker.services().metadataCache().refreshTopic("followed");
            assertThatThrownBy(() -> manager.appendToLeader(tp, batch("two"), 1))
                    .isInstanceOf(NotLeaderOrFollowerException.class);
            assertThat(manager.partition(tp)).isPresent();

            // And back, with a higher epoch that starts at the log end.
            state = broker.services().topicStore().partitionState("followed", 0).orElseThrow();
            broker.services().topicStore().updatePartitionState("followed", 0,
                    state.value().withLeader(0, List.of(0), state.value().controllerEpoch()), state.zkVersion());
            broker.services().metadataCache().refreshTopic("followed");
            Partition again = manager.leaderPartition(tp);
            assertThat(again.leaderEpoch()).isGreaterThan(epoch);
            assertThat(again.log().leaderEpochCache().endOffsetFor(epoch, again.logEndOffset()).endOffset()).isEqualTo(1);
            manager.appendToLeader(tp, batch("three"), 1);
            assertThat(again.highWatermark()).isEqualTo(2);

            assertThatThrownBy(() -> manager.leaderPartition(new TopicPartition("no-such-topic", 0)))
                    .isInstanceOf(UnknownTopicOrPartitionException.class);

            // Deletion removes the log directory (renamed at once, files deleted later).
            File dir = again.log().dir();
            broker.services().topicStore().markForDeletion("followed");
            broker.services().topicStore().completeDeletion("followed");
            broker.services().metadataCache().refreshTopic("followed");
            assertThat(dir).doesNotExist();
            assertThat(broker.services().logManager().getLog(tp)).isEmpty();
            assertThat(manager.partition(tp)).isEmpty();
        }
    }
}
