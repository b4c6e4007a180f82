package io.sluice.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.cluster.SluiceTestCluster;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** delete.topic.enable=false and auto.create.topics.enable=false. */
class TopicPoliciesTest {

    @Test
    void disabledDeletionAndAutoCreationAreRefused() throws Exception {
        try (SluiceTestCluster cluster = SluiceTestCluster.start(1,
                Map.of("delete.topic.enable", "false", "auto.create.topics.enable", "false"));
             RawApiClient client = new RawApiClient(cluster.broker(0).boundPort())) {
            Struct metadata = RawApiClient.newRequest(ApiKeys.METADATA);
            metadata.addElement("topics").set("name", "wanted");
            Struct response = client.send(ApiKeys.METADATA, 1, metadata);
            assertThat(response.<Struct>getArray("topics").get(0).getShort("error_code"))
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            assertThat(cluster.broker(0).services().topicStore().topicExists("wanted")).isFalse();

            cluster.broker(0).services().topicStore().createTopic("kept", 1, 1, Map.of());
            Struct delete = RawApiClient.newRequest(ApiKeys.DELETE_TOPICS).set("timeout_ms", 1000)
                    .set("topic_names", List.of("kept"));
            response = client.send(ApiKeys.DELETE_TOPICS, 5, delete);
            assertThat(response.<Struct>getArray("responses").get(0).getShort("error_code"))
                    .isEqualTo(Errors.TOPIC_DELETION_DISABLED.code());
            assertThat(cluster.broker(0).services().topicStore().topicExists("kept")).isTrue();
        }
    }
}
