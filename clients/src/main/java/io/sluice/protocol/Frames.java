package io.sluice.protocol;

import io.sluice.common.Send;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Turns a header and a body into the bytes of one frame (without the 4-byte size prefix, which is
 * {@link Send#sizeInBytes()}). The broker uses {@link #response}; clients use {@link #request}.
 */
public final class Frames {

    /** The newest ApiVersions version whose body layout this code knows. */
    private static final short API_VERSIONS_FALLBACK_VERSION = 0;

    private Frames() {
    }

    /** The response to {@code request}: response header of the right version, then the body. */
    public static Send response(RequestHeader request, Struct body) {
        ApiKeys key = request.api();
        if (key == null) {
            throw new IllegalArgumentException("Unknown api key " + request.apiKey());
        }
        MessageSpec spec = Messages.response(key);
        short headerVersion = ResponseHeader.headerVersion(key, request.apiVersion());
        Send send = new Send();
        spec.write(new ResponseHeader(request.correlationId()).encode(headerVersion), body, request.apiVersion(), send);
        return send;
    }

    /** A request frame: request header of the right version, then the body. */
    public static Send request(RequestHeader header, Struct body) {
        MessageSpec spec = Messages.request(header.api());
        Send send = new Send();
        spec.write(header.encode(), body, header.apiVersion(), send);
        return send;
    }

    /**
     * True for an ApiVersions request of a version newer than this code defines. Its header must still
     * be read (as v2, which {@link RequestHeader#read} does) and it must be answered with
     * {@link #unsupportedApiVersionsResponse}, never by closing the connection.
     */
    public static boolean isTooNewApiVersionsRequest(RequestHeader header) {
        return header.api() == ApiKeys.API_VERSIONS
                && header.apiVersion() > Messages.request(ApiKeys.API_VERSIONS).highestVersion();
    }

    /**
     * The answer to an ApiVersions request of an unsupported version: response header v0 and a v0
     * body (error_code UNSUPPORTED_VERSION, then the int32-counted list of supported ranges), which
     * every client can read; it then retries with the highest version the list gives for key 18.
     */
    public static Send unsupportedApiVersionsResponse(int correlationId, List<ApiVersionRange> supported) {
        MessageSpec spec = Messages.response(ApiKeys.API_VERSIONS);
        Struct body = spec.newStruct().set("error_code", Errors.UNSUPPORTED_VERSION.code());
        for (ApiVersionRange range : supported) {
            body.addElement("api_keys")
                    .set("api_key", range.apiKey())
                    .set("min_version", range.minVersion())
                    .set("max_version", range.maxVersion());
        }
        Send send = new Send();
        spec.write(new ResponseHeader(correlationId).encode((short) 0), body, API_VERSIONS_FALLBACK_VERSION, send);
        return send;
    }

    /** Reads a response body from a frame (the header is consumed first). For clients and tests. */
    public static Struct readResponse(ByteBuffer frame, ApiKeys key, short apiVersion) {
        ResponseHeader.read(frame, ResponseHeader.headerVersion(key, apiVersion));
        return Messages.response(key).read(frame, apiVersion);
    }
}
