package io.sluice.clients.network;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Messages;
import io.sluice.protocol.Struct;
import java.util.Objects;

/**
 * One request for {@link NetworkClient#send}: the api, the range of versions the caller can build
 * and read, the body, whether a response is expected, and an optional per-request timeout.
 *
 * <pre>{@code
 * Struct body = Messages.request(ApiKeys.METADATA).newStruct().set("topics", null);
 * ClientRequest request = ClientRequest.of(ApiKeys.METADATA, body).versions(1, 12);
 * }</pre>
 *
 * The body is usually one {@link Struct} filled with every field the caller knows: fields absent
 * from the negotiated version are simply not written. When the content depends on the version,
 * pass a {@link BodyBuilder} instead; it is called on the network I/O thread once the version is
 * known, so it must be quick and must not block. Immutable.
 */
public final class ClientRequest {

    /** Builds the body for the negotiated version (called on the I/O thread). */
    @FunctionalInterface
    public interface BodyBuilder {
        Struct build(short version);
    }

    private final ApiKeys api;
    private final short minVersion;
    private final short maxVersion;
    private final BodyBuilder body;
    private final boolean expectResponse;
    private final long timeoutMs;

    private ClientRequest(ApiKeys api, short minVersion, short maxVersion, BodyBuilder body, boolean expectResponse, long timeoutMs) {
        this.api = Objects.requireNonNull(api, "api");
        this.minVersion = minVersion;
        this.maxVersion = maxVersion;
        this.body = Objects.requireNonNull(body, "body");
        this.expectResponse = expectResponse;
        this.timeoutMs = timeoutMs;
        if (minVersion > maxVersion) {
            throw new IllegalArgumentException("Empty version range " + minVersion + ".." + maxVersion + " for " + api);
        }
    }

    /** A request usable in every version this code defines for {@code api}. */
    public static ClientRequest of(ApiKeys api, Struct body) {
        return of(api, version -> body);
    }

    public static ClientRequest of(ApiKeys api, BodyBuilder body) {
        return new ClientRequest(api, Messages.request(api).lowestVersion(), Messages.request(api).highestVersion(),
                body, true, -1);
    }

    /** Restricts the versions to {@code [min, max]} (clamped to what this code defines). */
    public ClientRequest versions(int min, int max) {
        short lowest = Messages.request(api).lowestVersion();
        short highest = Messages.request(api).highestVersion();
        return new ClientRequest(api, (short) Math.max(min, lowest), (short) Math.min(max, highest), body, expectResponse, timeoutMs);
    }

    /**
     * No response will come (Produce with acks=0): the future completes with a null body once the
     * whole request has been written to the socket.
     */
    public ClientRequest noResponse() {
        return new ClientRequest(api, minVersion, maxVersion, body, false, timeoutMs);
    }

    /** Overrides the client's {@code request.timeout.ms} for this request. */
    public ClientRequest timeoutMs(long timeoutMs) {
        return new ClientRequest(api, minVersion, maxVersion, body, expectResponse, timeoutMs);
    }

    public ApiKeys api() {
        return api;
    }

    public short minVersion() {
        return minVersion;
    }

    public short maxVersion() {
        return maxVersion;
    }

    public boolean expectResponse() {
        return expectResponse;
    }

    /** The per-request timeout, or -1 for the client's default. */
    public long timeoutMs() {
        return timeoutMs;
    }

    Struct buildBody(short version) {
        return body.build(version);
    }

    @Override
    public String toString() {
        return api.displayName() + "[v" + minVersion + ".." + maxVersion + (expectResponse ? "" : ", no response") + "]";
    }
}
