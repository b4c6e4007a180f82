package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.group.CoordinatorLookup;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * FindCoordinator (10), advertised v0-v4: the broker coordinating a group, found by
 * {@link CoordinatorLookup} (the leader of the group's {@code __consumer_offsets} partition, the topic
 * being created on first use). v0-v3 ask for one key and answer in top-level fields; v4 asks for
 * several ({@code coordinator_keys}) and answers one {@code coordinators} element per key.
 *
 * <p>Key type 0 is a group. Key type 1 (a transactional id) gets UNSUPPORTED_VERSION because this broker
 * has no transaction coordinator (as InitProducerId refuses transactional ids; a retriable code would
 * keep a transactional producer waiting until its timeout); other key types get INVALID_REQUEST.
 */
public final class FindCoordinatorHandler implements ApiHandler {

    private static final byte GROUP = 0;
    private static final byte TRANSACTION = 1;

    private final CoordinatorLookup lookup;

    public FindCoordinatorHandler(CoordinatorLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.FIND_COORDINATOR;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 4;
    }

    @Override
    public CompletableFuture<Struct> handle(ApiRequest request) {
        short version = request.version();
        Struct body = request.body();
        byte keyType = version >= 1 ? body.getByte("key_type") : GROUP;
        String listener = request.context().listenerName();
        Struct response = request.newResponse();
        if (version >= 1) {
            response.set("throttle_time_ms", 0);
        }
        if (version >= 4) {
            List<String> keys = body.getArray("coordinator_keys");
            for (String key : keys) {
                Answer answer = answer(key, keyType, listener);
                response.addElement("coordinators").set("key", key).set("node_id", answer.nodeId)
                        .set("host", answer.host).set("port", answer.port)
                        .set("error_code", answer.error.code()).set("error_message", answer.message());
            }
        } else {
            Answer answer = answer(body.getString("key"), keyType, listener);
            response.set("error_code", answer.error.code()).set("node_id", answer.nodeId)
                    .set("host", answer.host).set("port", answer.port);
            if (version >= 1) {
                response.set("error_message", answer.message());
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private Answer answer(String key, byte keyType, String listener) {
        if (keyType == TRANSACTION) {
            return new Answer(Errors.UNSUPPORTED_VERSION, "Transactions are not supported by this broker.");
        }
        if (keyType != GROUP || key == null) {
            return new Answer(Errors.INVALID_REQUEST, "Unknown coordinator key type " + keyType + ".");
        }
        CoordinatorLookup.Result found = lookup.find(key, listener);
        if (found.error() != Errors.NONE) {
            return new Answer(found.error(), null);
        }
        return new Answer(Errors.NONE, found.node().id(), found.node().host(), found.node().port(), null);
    }

    /** One key's answer; an error answers node -1, empty host and port -1 as Kafka does. */
    private record Answer(Errors error, int nodeId, String host, int port, String detail) {

        Answer(Errors error, String detail) {
            this(error, -1, "", -1, detail);
        }

        String message() {
            return error == Errors.NONE ? null : detail != null ? detail : error.message();
        }
    }
}
