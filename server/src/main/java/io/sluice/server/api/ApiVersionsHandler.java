package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.ApiVersionRange;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import java.util.concurrent.CompletableFuture;

/**
 * ApiVersions (18), v0-v4: the versions of every API this broker implements, straight from the
 * {@link ApiRegistry}. Versions newer than v4 never reach it: the dispatcher answers them in the v0
 * layout with UNSUPPORTED_VERSION.
 */
public final class ApiVersionsHandler implements ApiHandler {

    private final ApiRegistry registry;

    public ApiVersionsHandler(ApiRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.API_VERSIONS;
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
        Struct response = request.newResponse().set("error_code", Errors.NONE.code()).set("throttle_time_ms", 0);
        for (ApiVersionRange range : registry.advertisedVersions()) {
            response.addElement("api_keys")
                    .set("api_key", range.apiKey())
                    .set("min_version", range.minVersion())
                    .set("max_version", range.maxVersion());
        }
        return CompletableFuture.completedFuture(response);
    }
}
