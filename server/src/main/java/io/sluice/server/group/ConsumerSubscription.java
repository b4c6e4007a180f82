package io.sluice.server.group;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the topics out of a consumer's group metadata (protocol type "consumer"): Kafka's
 * ConsumerProtocolSubscription, whose every version (0-3) begins
 * <pre>
 * version int16, topics [int32 count, each int16 length + UTF-8], user_data bytes, ...
 * </pre>
 * The coordinator needs only the topics: OffsetDelete refuses to delete the offsets of a topic an
 * active group subscribes to, and offset expiry spares them.
 *
 * <p>Thread-safe: stateless.
 */
final class ConsumerSubscription {

    static final String PROTOCOL_TYPE = "consumer";

    private ConsumerSubscription() {
    }

    /** The subscribed topics, or null when the bytes are not a consumer subscription. */
    static Set<String> topics(byte[] metadata) {
        if (metadata == null) {
            return null;
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(metadata);
            short version = in.getShort();
            if (version < 0) {
                return null;
            }
            int count = in.getInt();
            if (count < 0 || count > in.remaining() / 2) {
                return null;
            }
            Set<String> topics = new HashSet<>(count * 2);
            for (int i = 0; i < count; i++) {
                short length = in.getShort();
                if (length < 0 || length > in.remaining()) {
                    return null;
                }
                byte[] name = new byte[length];
                in.get(name);
                topics.add(new String(name, StandardCharsets.UTF_8));
            }
            return topics;
        } catch (BufferUnderflowException e) {
            return null;
        }
    }
}
