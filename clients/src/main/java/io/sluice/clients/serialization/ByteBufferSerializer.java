package io.sluice.clients.serialization;

import java.nio.ByteBuffer;

/**
 * The bytes from index 0 to the limit, whatever the position, as Kafka 3.9's serializer (which
 * rewinds the buffer first); unlike Kafka's, the buffer's position is left alone. When the buffer
 * wraps a whole array exactly, that array is returned without a copy.
 */
public class ByteBufferSerializer implements Serializer<ByteBuffer> {

    @Override
    public byte[] serialize(String topic, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.hasArray() && data.arrayOffset() == 0 && data.limit() == data.array().length) {
            return data.array();
        }
        byte[] out = new byte[data.limit()];
        data.get(0, out);
        return out;
    }
}
