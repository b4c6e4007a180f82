package io.sluice.clients.network;

import io.sluice.clients.common.UnsupportedVersionException;
import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Messages;
import io.sluice.protocol.Struct;
import java.util.List;

/**
 * The version ranges one broker advertised in its ApiVersions response, and the choice of version
 * for a request: the highest version that the broker, this code ({@link Messages}) and the caller
 * all support. Immutable.
 */
public final class NodeApiVersions {

    private static final int KEYS = 128;

    private final short[] min = new short[KEYS];
    private final short[] max = new short[KEYS];

    /** From an ApiVersions response body (any version). */
    public NodeApiVersions(Struct apiVersionsResponse) {
        java.util.Arrays.fill(max, (short) -1);
        List<Struct> keys = apiVersionsResponse.getArray("api_keys");
        if (keys != null) {
            for (Struct key : keys) {
                int id = key.getShort("api_key");
                if (id >= 0 && id < KEYS) {
                    min[id] = key.getShort("min_version");
                    max[id] = key.getShort("max_version");
                }
            }
        }
    }

    /** True if the broker advertised {@code api} at all. */
    public boolean supports(ApiKeys api) {
        return max[api.id()] >= 0;
    }

    public short brokerMin(ApiKeys api) {
        return min[api.id()];
    }

    /** The broker's highest version of {@code api}, or -1 if it does not support it. */
    public short brokerMax(ApiKeys api) {
        return max[api.id()];
    }

    /**
     * The highest version in {@code [callerMin, callerMax]} that both the broker and this code support.
     *
     * @throws UnsupportedVersionException if there is none
     */
    public short choose(ApiKeys api, short callerMin, short callerMax) {
        if (!supports(api)) {
            throw new UnsupportedVersionException("The broker does not support " + api.displayName());
        }
        int low = Math.max(Math.max(callerMin, min[api.id()]), Messages.request(api).lowestVersion());
        int high = Math.min(Math.min(callerMax, max[api.id()]), Messages.request(api).highestVersion());
        if (low > high) {
            throw new UnsupportedVersionException("No usable version of " + api.displayName() + ": broker supports "
                    + min[api.id()] + ".." + max[api.id()] + ", the client " + callerMin + ".." + callerMax);
        }
        return (short) high;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("NodeApiVersions(");
        for (int id = 0; id < KEYS; id++) {
            if (max[id] >= 0) {
                out.append(id).append(':').append(min[id]).append("..").append(max[id]).append(' ');
            }
        }
        return out.append(')').toString();
    }
}
