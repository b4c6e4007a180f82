package io.sluice.zk.json;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * Kafka's textual form of a 128-bit id (topic ids, cluster ids): the 16 bytes, most significant
 * long first, in URL-safe base64 without padding, i.e. 22 characters such as
 * {@code "MJfGoqnJSEm8mQ7W1l3t3A"}.
 *
 * <p>Random ids skip the two values Kafka reserves (all zeros, and the metadata topic's id 0:1)
 * and any whose text starts with {@code '-'}, because such an id would look like a command-line
 * flag to the tools. Thread-safe.
 */
public final class Uuids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Uuids() {
    }

    public static UUID random() {
        while (true) {
            UUID id = new UUID(RANDOM.nextLong(), RANDOM.nextLong());
            boolean reserved = id.getMostSignificantBits() == 0
                    && (id.getLeastSignificantBits() == 0 || id.getLeastSignificantBits() == 1);
            if (!reserved && !toBase64(id).startsWith("-")) {
                return id;
            }
        }
    }

    public static String randomBase64() {
        return toBase64(random());
    }

    public static String toBase64(UUID id) {
        ByteBuffer buf = ByteBuffer.allocate(16);
        buf.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return ENCODER.encodeToString(buf.array());
    }

    /** @throws IllegalArgumentException if the text is not 16 bytes of URL-safe base64 */
    public static UUID fromBase64(String text) {
        byte[] bytes = DECODER.decode(text);
        if (bytes.length != 16) {
            throw new IllegalArgumentException("Not a base64 UUID (expected 16 bytes): " + text);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        return new UUID(buf.getLong(), buf.getLong());
    }
}
