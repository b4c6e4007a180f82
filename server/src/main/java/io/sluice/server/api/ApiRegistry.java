package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.ApiVersionRange;
import io.sluice.protocol.Messages;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The handlers a broker runs, one per API. ApiVersions is derived from this registry, so the broker
 * advertises only what it implements.
 */
public final class ApiRegistry {

    private final Map<ApiKeys, ApiHandler> handlers = new EnumMap<>(ApiKeys.class);

    public ApiRegistry register(ApiHandler handler) {
        ApiKeys api = handler.api();
        if (handlers.containsKey(api)) {
            throw new IllegalStateException("Two handlers for " + api);
        }
        if (!Messages.isDefined(api)) {
            throw new IllegalStateException("No message definition for " + api);
        }
        var request = Messages.request(api);
        if (!request.supports(handler.minVersion()) || !request.supports(handler.maxVersion())
                || handler.minVersion() > handler.maxVersion()) {
            throw new IllegalStateException(api + " handler declares versions " + handler.minVersion() + "-"
                    + handler.maxVersion() + " beyond its message definition " + request.lowestVersion() + "-"
                    + request.highestVersion());
        }
        handlers.put(api, handler);
        return this;
    }

    public ApiHandler handler(ApiKeys api) {
        return api == null ? null : handlers.get(api);
    }

    /** The ranges to advertise in ApiVersions, in api-key order. */
    public List<ApiVersionRange> advertisedVersions() {
        List<ApiVersionRange> ranges = new ArrayList<>(handlers.size());
        for (ApiHandler handler : handlers.values()) {
            ranges.add(new ApiVersionRange(handler.api(), handler.minVersion(), handler.maxVersion()));
        }
        return Collections.unmodifiableList(ranges);
    }
}
