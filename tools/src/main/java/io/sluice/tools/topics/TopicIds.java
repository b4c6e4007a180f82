package io.sluice.tools.topics;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

/**
 * Topic ids as Kafka's tools print them: the 16 bytes of the UUID (most significant half first) in
 * URL-safe base64 without padding, e.g. "MN7n4Yh-QrCbp4UoBjfZ8g". Pure; thread-safe.
 */
final class TopicIds {

    private TopicIds() {
    }

    static String toBase64(UUID id) {
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }
}
