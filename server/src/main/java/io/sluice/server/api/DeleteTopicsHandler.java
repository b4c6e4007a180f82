package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.BrokerServices;
import io.sluice.server.metadata.TopicMetadata;
import io.sluice.server.topic.AdminRequestException;
import io.sluice.server.topic.TopicDeletion;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteTopics (key 20), v1-6; v6 may name a topic by id instead of by name. Each topic is queued for
 * deletion and the deletion completed at once ({@link TopicDeletion}); the response then waits, at
 * most {@code timeout_ms}, until this broker's metadata no longer has the topics.
 */
public final class DeleteTopicsHandler implements ApiHandler {

    private static final UUID ZERO = new UUID(0, 0);

    private final BrokerServices services;
    private final TopicDeletion deletion;

    public DeleteTopicsHandler(BrokerServices services, TopicDeletion deletion) {
        this.services = services;
        this.deletion = deletion;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.DELETE_TOPICS;
    }

    @Override
    public short minVersion() {
        return 1;
    }

    @Override
    public short maxVersion() {
        return 6;
    }

    @Override
    public CompletableFuture<Struct> handle(ApiRequest request) {
        Struct body = request.body();
        long deadline = System.currentTimeMillis() + Math.max(0, body.getInt("timeout_ms"));
        Struct response = request.newResponse();
        List<Struct> requested = new ArrayList<>();
        if (request.version() >= 6) {
            requested.addAll(body.<Struct>getArray("topics"));
        } else {
            for (String name : body.<String>getArray("topic_names")) {
                requested.add(nameOnly(name));
            }
        }
        List<String> deleted = new ArrayList<>();
        for (Struct wanted : requested) {
            String name = wanted.getString("name");
            UUID id = wanted.getUuid("topic_id");
            Struct result = response.addElement("responses").set("error_message", null);
            if (name == null) {
                TopicMetadata byId = id == null || id.equals(ZERO) ? null : findById(id);
                if (byId == null) {
                    result.set("name", null).set("topic_id", id == null ? ZERO : id)
                            .set("error_code", Errors.UNKNOWN_TOPIC_ID.code());
                    continue;
                }
                name = byId.name();
            }
            result.set("name", name);
            TopicMetadata known = services.metadataCache().topic(name).orElse(null);
            result.set("topic_id", known == null || known.topicId() == null ? (id == null ? ZERO : id)
                    : known.topicId());
            AdminErrors.Outcome outcome;
            try {
                if (!services.config().deleteTopicEnable()) {
                    throw new AdminRequestException.TopicDeletionDisabled("Topic deletion is disabled.");
                }
                deletion.delete(name);
                deleted.add(name);
                outcome = AdminErrors.Outcome.NONE;
            } catch (RuntimeException e) {
                outcome = AdminErrors.of(e, "Deleting topic " + name);
            }
            result.set("error_code", outcome.code()).set("error_message", outcome.message());
        }
        for (String name : deleted) {
            deletion.awaitGone(name, deadline);
        }
        return CompletableFuture.completedFuture(response);
    }

    /** A v6-shaped topic entry for a v1-5 topic name, so both shapes are handled alike. */
    private static Struct nameOnly(String name) {
        Struct entry = io.sluice.protocol.Messages.request(ApiKeys.DELETE_TOPICS).newStruct().addElement("topics");
        return entry.set("name", name).set("topic_id", ZERO);
    }

    private TopicMetadata findById(UUID id) {
        for (TopicMetadata topic : services.metadataCache().topics()) {
            if (id.equals(topic.topicId())) {
                return topic;
            }
        }
        return null;
    }
}
