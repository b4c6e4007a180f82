package io.sluice.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The header in front of every request body.
 *
 * <pre>
 * v0: api_key int16, api_version int16, correlation_id int32
 * v1: v0 + client_id (int16 length, -1 = null, UTF-8)
 * v2: v1 + tagged-field section (client_id stays a classic int16-length string)
 * </pre>
 *
 * v2 is used by flexible versions, v0 only by ControlledShutdown v0, v1 by everything else.
 */
public record RequestHeader(short apiKey, short apiVersion, int correlationId, String clientId) {

    /** The header version used by a request of {@code apiKey} at {@code apiVersion}. */
    public static short headerVersion(short apiKey, short apiVersion) {
        ApiKeys key = ApiKeys.forId(apiKey);
        if (key == ApiKeys.CONTROLLED_SHUTDOWN && apiVersion == 0) {
            return 0;
        }
        return key != null && key.isFlexible(apiVersion) ? (short) 2 : (short) 1;
    }

    public short headerVersion() {
        return headerVersion(apiKey, apiVersion);
    }

    /** The key, or null if the id is not one of {@link ApiKeys}. */
    public ApiKeys api() {
        return ApiKeys.forId(apiKey);
    }

    /**
     * Reads a header from a frame (the request without its 4-byte size prefix), leaving the position at
     * the body. Works for any version, including ones newer than this code defines (ApiVersions v5+ is
     * read as header v2). Unknown tagged fields are skipped. For an unknown api key it reads a v1 header.
     *
     * @throws MalformedMessageException if the frame is too short or a length is out of bounds
     */
    public static RequestHeader read(ByteBuffer frame) {
        if (frame.remaining() < 8) {
            throw new MalformedMessageException("Request header needs 8 bytes, frame has " + frame.remaining());
        }
        short apiKey = frame.getShort();
        short apiVersion = frame.getShort();
        int correlationId = frame.getInt();
        short headerVersion = headerVersion(apiKey, apiVersion);
        String clientId = null;
        if (headerVersion >= 1) {
            if (frame.remaining() < 2) {
                throw new MalformedMessageException("Truncated client id");
            }
            int length = frame.getShort();
            if (length < -1 || length > frame.remaining()) {
                throw new MalformedMessageException("Client id of " + length + " bytes, " + frame.remaining() + " remain");
            }
            if (length >= 0) {
                byte[] utf8 = new byte[length];
                frame.get(utf8);
                clientId = new String(utf8, StandardCharsets.UTF_8);
            }
        }
        if (headerVersion >= 2) {
            TaggedFields.skip(frame);
        }
        return new RequestHeader(apiKey, apiVersion, correlationId, clientId);
    }

    /** The encoded header (with an empty tagged-field section in v2), ready to be read from. */
    public ByteBuffer encode() {
        short headerVersion = headerVersion();
        byte[] client = clientId == null ? null : clientId.getBytes(StandardCharsets.UTF_8);
        int size = 8 + (headerVersion >= 1 ? 2 + (client == null ? 0 : client.length) : 0) + (headerVersion >= 2 ? 1 : 0);
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putShort(apiKey).putShort(apiVersion).putInt(correlationId);
        if (headerVersion >= 1) {
            if (client == null) {
                out.putShort((short) -1);
            } else {
                out.putShort((short) client.length).put(client);
            }
        }
        if (headerVersion >= 2) {
            out.put((byte) 0);
        }
        return out.flip();
    }
}
