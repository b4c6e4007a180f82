package io.sluice.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Struct;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataRequestRulesTest {

    private static Struct request() {
        return RawApiClient.newRequest(ApiKeys.METADATA);
    }

    @Test
    void v0EmptyListMeansAllTopics() {
        Struct body = request().set("topics", List.of());
        assertThat(MetadataHandler.requestedTopics(body, (short) 0)).isNull();
    }

    @Test
    void v1EmptyListMeansNoTopicsAndNullMeansAll() {
        assertThat(MetadataHandler.requestedTopics(request().set("topics", List.of()), (short) 1)).isEmpty();
        assertThat(MetadataHandler.requestedTopics(request().set("topics", null), (short) 1)).isNull();
        assertThat(MetadataHandler.requestedTopics(request().set("topics", null), (short) 12)).isNull();
    }

    @Test
    void namedTopicsAreReturnedInOrder() {
        Struct body = request();
        body.addElement("topics").set("name", "b");
        body.addElement("topics").set("name", "a");
        for (short version : new short[] {0, 1, 4, 12}) {
            assertThat(MetadataHandler.requestedTopics(body, version)).extracting(t -> t.getString("name"))
                    .containsExactly("b", "a");
        }
    }

    @Test
    void autoCreationIsAlwaysAllowedBelowV4AndFollowsTheFlagFromV4() {
        Struct refusing = request().set("allow_auto_topic_creation", false);
        assertThat(MetadataHandler.allowsAutoCreation(refusing, (short) 3)).isTrue();
        assertThat(MetadataHandler.allowsAutoCreation(refusing, (short) 4)).isFalse();
        assertThat(MetadataHandler.allowsAutoCreation(request(), (short) 4)).isTrue();
    }
}
