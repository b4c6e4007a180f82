package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Messages;
import io.sluice.protocol.RequestHeader;
import io.sluice.protocol.Struct;
import io.sluice.server.network.RequestContext;

/**
 * One decoded request as a handler sees it: where it came from, its header and its body.
 * The body may alias the request frame (records and bytes fields), which stays untouched until
 * the response has been written.
 */
public record ApiRequest(RequestContext context, RequestHeader header, Struct body) {

    public short version() {
        return header.apiVersion();
    }

    public ApiKeys api() {
        return header.api();
    }

    public String clientId() {
        return header.clientId();
    }

    /** A new, empty response body of this request's API, every field at its default. */
    public Struct newResponse() {
        return Messages.response(header.api()).newStruct();
    }
}
