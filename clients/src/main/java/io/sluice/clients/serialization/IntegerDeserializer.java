package io.sluice.clients.serialization;

import io.sluice.clients.common.SerializationException;
import java.nio.ByteBuffer;

/** 4 bytes, big-endian; any other length is a {@link SerializationException}. */
public class IntegerDeserializer implements Deserializer<Integer> {

    @Override
    public Integer deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length != 4) {
            throw new SerializationException("Size of data received by IntegerDeserializer is not 4");
        }
        return (data[0] & 0xff) << 24 | (data[1] & 0xff) << 16 | (data[2] & 0xff) << 8 | (data[3] & 0xff);
    }

    @Override
    public Integer deserialize(String topic, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.remaining() != 4) {
            throw new SerializationException("Size of data received by IntegerDeserializer is not 4");
        }
        return data.getInt(data.position());
    }
}
