package io.sluice.protocol;

import java.nio.ByteBuffer;

/**
 * The header in front of every response body.
 *
 * <pre>
 * v0: correlation_id int32
 * v1: correlation_id int32, tagged-field section
 * </pre>
 *
 * Flexible versions use v1, with one exception: ApiVersions responses always use v0, because a client
 * that does not yet know the broker's versions must be able to read the answer.
 */
public record ResponseHeader(int correlationId) {

    public static short headerVersion(ApiKeys apiKey, short apiVersion) {
        if (apiKey == ApiKeys.API_VERSIONS) {
            return 0;
        }
        return apiKey.isFlexible(apiVersion) ? (short) 1 : (short) 0;
    }

    /** Reads a response header of {@code headerVersion}, skipping its tagged fields. */
    public static ResponseHeader read(ByteBuffer frame, short headerVersion) {
        if (frame.remaining() < 4) {
            throw new MalformedMessageException("Truncated response header");
        }
        int correlationId = frame.getInt();
        if (headerVersion >= 1) {
            TaggedFields.skip(frame);
        }
        return new ResponseHeader(correlationId);
    }

    /** The encoded header, with an empty tagged-field section in v1. */
    public ByteBuffer encode(short headerVersion) {
        ByteBuffer out = ByteBuffer.allocate(headerVersion >= 1 ? 5 : 4);
        out.putInt(correlationId);
        if (headerVersion >= 1) {
            out.put((byte) 0);
        }
        return out.flip();
    }
}
