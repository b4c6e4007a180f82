package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.zk.producer.ProducerIdManager;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * InitProducerId (22), advertised v0-v5, for idempotent (non-transactional) producers: every call gets
 * a fresh cluster-unique producer id (from the ZooKeeper-allocated blocks of {@link ProducerIdManager})
 * with epoch 0, as Apache Kafka does for a null transactional id, also when a v3+ request names its
 * current id and epoch (a fresh id fences nothing and starts every partition's sequence afresh).
 *
 * <p>A transactional id is refused with UNSUPPORTED_VERSION and a message: transactions are not
 * implemented yet, and clients treat that code as fatal for this request rather than retrying forever
 * (COORDINATOR_NOT_AVAILABLE would make the Java producer retry until its timeout).
 */
public final class InitProducerIdHandler implements ApiHandler {

    private static final Logger log = LoggerFactory.getLogger(InitProducerIdHandler.class);

    private final ProducerIdManager producerIds;

    public InitProducerIdHandler(ProducerIdManager producerIds) {
        this.producerIds = producerIds;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.INIT_PRODUCER_ID;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 5;
    }

    @Override
    public CompletableFuture<Struct> handle(ApiRequest request) {
        Struct response = request.newResponse().set("throttle_time_ms", 0)
                .set("producer_id", -1L).set("producer_epoch", (short) -1);
        if (request.body().getString("transactional_id") != null) {
            return CompletableFuture.completedFuture(response.set("error_code", Errors.UNSUPPORTED_VERSION.code()));
        }
        try {
            long producerId = producerIds.nextProducerId();
            response.set("error_code", Errors.NONE.code()).set("producer_id", producerId).set("producer_epoch", (short) 0);
        } catch (RuntimeException e) {
            // ZooKeeper could not hand out a new block: the client retries (retriable code).
            log.warn("Could not allocate a producer id: {}", e.toString());
            response.set("error_code", Errors.COORDINATOR_NOT_AVAILABLE.code());
        }
        return CompletableFuture.completedFuture(response);
    }
}
