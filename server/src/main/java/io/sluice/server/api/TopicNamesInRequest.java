package io.sluice.server.api;

import io.sluice.protocol.Struct;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Admin requests that name a topic twice (CreateTopics, CreatePartitions) get INVALID_REQUEST for that
 * topic, as Kafka answers them: neither entry is carried out.
 */
final class TopicNamesInRequest {

    private TopicNamesInRequest() {
    }

    /** The names that appear more than once in the {@code name} fields of {@code topics}. */
    static Set<String> duplicates(List<Struct> topics) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (Struct topic : topics) {
            if (!seen.add(topic.getString("name"))) {
                duplicates.add(topic.getString("name"));
            }
        }
        return duplicates;
    }
}
