package io.sluice.server.api;

import io.sluice.common.Send;
import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Frames;
import io.sluice.protocol.MalformedMessageException;
import io.sluice.protocol.Messages;
import io.sluice.protocol.RequestHeader;
import io.sluice.protocol.Struct;
import io.sluice.server.network.CloseConnectionException;
import io.sluice.server.network.RequestContext;
import io.sluice.server.network.RequestHandler;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Turns frames into API calls and API answers into frames: reads the request header, picks the
 * handler, checks the version, reads the body, and writes the response header and body into a
 * {@link Send}. What cannot be understood closes that connection only (the network layer logs one line).
 */
public final class RequestDispatcher implements RequestHandler {

    private final ApiRegistry registry;

    public RequestDispatcher(ApiRegistry registry) {
        this.registry = registry;
    }

    @Override
    public CompletableFuture<Send> handle(RequestContext context, ByteBuffer frame) {
        RequestHeader header;
        try {
            header = RequestHeader.read(frame);
        } catch (MalformedMessageException e) {
            return CompletableFuture.failedFuture(new CloseConnectionException("malformed request header: " + e.getMessage()));
        }
        if (Frames.isTooNewApiVersionsRequest(header)) {
            // A future client's first request: answer in the v0 layout so it can retry with a version we know.
            return CompletableFuture.completedFuture(
                    Frames.unsupportedApiVersionsResponse(header.correlationId(), registry.advertisedVersions()));
        }
        ApiKeys api = header.api();
        ApiHandler handler = registry.handler(api);
        if (handler == null) {
            return CompletableFuture.failedFuture(new CloseConnectionException(
                    "unsupported api key " + header.apiKey() + (api == null ? "" : " (" + api + ")")));
        }
        short version = header.apiVersion();
        if (version < handler.minVersion() || version > handler.maxVersion()) {
            return CompletableFuture.failedFuture(new CloseConnectionException(api + " version " + version
                    + " is not supported (supported: " + handler.minVersion() + "-" + handler.maxVersion() + ")"));
        }
        Struct body;
        try {
            body = Messages.request(api).read(frame, version);
        } catch (MalformedMessageException e) {
            return CompletableFuture.failedFuture(new CloseConnectionException(
                    "malformed " + api + " v" + version + " request: " + e.getMessage()));
        }
        return handler.handle(new ApiRequest(context, header, body))
                .thenApply(response -> response == null ? null : Frames.response(header, response));
    }
}
