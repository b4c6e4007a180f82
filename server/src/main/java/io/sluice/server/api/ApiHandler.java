package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Struct;
import java.util.concurrent.CompletableFuture;

/**
 * The broker side of one Kafka API. Each handler declares the versions it really implements; the
 * {@link ApiRegistry} advertises exactly those in ApiVersions and the dispatcher refuses any other.
 *
 * <p>{@link #handle} runs on a request-handler thread and may block briefly (a log append); anything
 * that waits for something else (acks=all, a long-polling fetch) parks in a purgatory and completes the
 * future later from another thread.
 */
public interface ApiHandler {

    ApiKeys api();

    short minVersion();

    short maxVersion();

    /**
     * Answers the request. The future completes with the response body, or with {@code null} when the
     * request gets no response at all (Produce with acks=0).
     */
    CompletableFuture<Struct> handle(ApiRequest request);
}
