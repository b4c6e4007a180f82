package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.topic.TopicManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * CreatePartitions (key 37), v0-3: grows topics to the requested partition counts, with the new
 * partitions' replicas placed by the broker or given by the client, or with {@code validate_only}
 * only checks that it could. The response waits, at most {@code timeout_ms}, until this broker's
 * metadata shows the new partitions with leaders.
 */
public final class CreatePartitionsHandler implements ApiHandler {

    private final TopicManager topicManager;

    public CreatePartitionsHandler(TopicManager topicManager) {
        this.topicManager = topicManager;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.CREATE_PARTITIONS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 3;
    }

    @Override
    public CompletableFuture<Struct> handle(ApiRequest request) {
        Struct body = request.body();
        boolean validateOnly = body.getBool("validate_only");
        long deadline = System.currentTimeMillis() + Math.max(0, body.getInt("timeout_ms"));
        Struct response = request.newResponse();
        Set<String> duplicates = TopicNamesInRequest.duplicates(body.getArray("topics"));
        List<Struct> grown = new ArrayList<>();
        for (Struct topic : body.<Struct>getArray("topics")) {
            String name = topic.getString("name");
            Struct result = response.addElement("results").set("name", name);
            AdminErrors.Outcome outcome;
            if (duplicates.contains(name)) {
                outcome = AdminErrors.of(Errors.INVALID_REQUEST, "Duplicate topic in request.");
            } else {
                try {
                    topicManager.createPartitions(name, topic.getInt("count"), assignments(topic), validateOnly);
                    outcome = AdminErrors.Outcome.NONE;
                    if (!validateOnly) {
                        grown.add(topic);
                    }
                } catch (RuntimeException e) {
                    outcome = AdminErrors.of(e, "Adding partitions to " + name);
                }
            }
            result.set("error_code", outcome.code()).set("error_message", outcome.message());
        }
        for (Struct topic : grown) {
            topicManager.awaitReady(topic.getString("name"), topic.getInt("count"), deadline);
        }
        return CompletableFuture.completedFuture(response);
    }

    private static List<List<Integer>> assignments(Struct topic) {
        List<Struct> given = topic.getArray("assignments");
        if (given == null) {
            return null;
        }
        List<List<Integer>> assignments = new ArrayList<>();
        for (Struct a : given) {
            assignments.add(List.copyOf(a.<Integer>getArray("broker_ids")));
        }
        return assignments;
    }
}
