package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.BrokerServices;
import io.sluice.server.topic.ConfigEntry;
import io.sluice.server.topic.TopicConfigs;
import io.sluice.server.topic.TopicManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * CreateTopics (key 19), v2-7. Each topic is created (or with {@code validate_only} only checked) on
 * its own; -1 partitions or replication factor (v4+) take the broker defaults. v5+ answers with the
 * resulting partition count, replication factor and configs, v7 with the topic id.
 *
 * <p>The response waits, at most {@code timeout_ms}, until this broker's metadata shows the new topics
 * with leaders, so the client's next Metadata request sees them. A topic named twice in one request
 * gets INVALID_REQUEST for every mention, as in Kafka.
 */
public final class CreateTopicsHandler implements ApiHandler {

    private final BrokerServices services;
    private final TopicManager topicManager;

    public CreateTopicsHandler(BrokerServices services, TopicManager topicManager) {
        this.services = services;
        this.topicManager = topicManager;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.CREATE_TOPICS;
    }

    @Override
    public short minVersion() {
        return 2;
    }

    @Override
    public short maxVersion() {
        return 7;
    }

    @Override
    public CompletableFuture<Struct> handle(ApiRequest request) {
        Struct body = request.body();
        boolean validateOnly = body.getBool("validate_only");
        long deadline = System.currentTimeMillis() + Math.max(0, body.getInt("timeout_ms"));
        Struct response = request.newResponse();

        Set<String> duplicates = TopicNamesInRequest.duplicates(body.getArray("topics"));
        List<Struct> waitFor = new ArrayList<>();
        List<Integer> waitPartitions = new ArrayList<>();
        for (Struct topic : body.<Struct>getArray("topics")) {
            String name = topic.getString("name");
            Struct result = response.addElement("topics")
                    .set("name", name)
                    .set("error_message", null)
                    .set("configs", null);
            if (duplicates.contains(name)) {
                fail(result, AdminErrors.of(Errors.INVALID_REQUEST,
                        "Create topics request from client contains multiple entries for topic " + name));
                continue;
            }
            TopicManager.Created created;
            try {
                created = topicManager.create(toNewTopic(topic), validateOnly);
            } catch (RuntimeException e) {
                fail(result, AdminErrors.of(e, "Creating topic " + name));
                continue;
            }
            result.set("error_code", Errors.NONE.code())
                    .set("num_partitions", created.numPartitions())
                    .set("replication_factor", created.replicationFactor());
            if (created.topicId() != null) {
                result.set("topic_id", created.topicId());
            }
            for (ConfigEntry entry : TopicConfigs.describe(services.config().originals(), created.configs(), null,
                    false)) {
                result.addElement("configs")
                        .set("name", entry.name())
                        .set("value", entry.value())
                        .set("read_only", entry.readOnly())
                        .set("config_source", entry.source().code())
                        .set("is_sensitive", entry.sensitive());
            }
            if (!validateOnly) {
                waitFor.add(result);
                waitPartitions.add(created.numPartitions());
            }
        }
        for (int i = 0; i < waitFor.size(); i++) {
            topicManager.awaitReady(waitFor.get(i).getString("name"), waitPartitions.get(i), deadline);
        }
        return CompletableFuture.completedFuture(response);
    }

    private static void fail(Struct result, AdminErrors.Outcome outcome) {
        result.set("error_code", outcome.code())
                .set("error_message", outcome.message())
                .set("topic_id", new UUID(0, 0));
    }

    private static TopicManager.NewTopic toNewTopic(Struct topic) {
        Map<Integer, List<Integer>> assignment = new TreeMap<>();
        for (Struct a : topic.<Struct>getArray("assignments")) {
            assignment.put(a.getInt("partition_index"), List.copyOf(a.<Integer>getArray("broker_ids")));
        }
        Map<String, String> configs = new LinkedHashMap<>();
        for (Struct c : topic.<Struct>getArray("configs")) {
            configs.put(c.getString("name"), c.getString("value"));
        }
        return new TopicManager.NewTopic(topic.getString("name"), topic.getInt("num_partitions"),
                topic.getShort("replication_factor"), assignment, configs);
    }
}
