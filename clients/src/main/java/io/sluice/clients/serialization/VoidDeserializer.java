package io.sluice.clients.serialization;

import io.sluice.clients.common.SerializationException;

/** Null for null; any bytes are a {@link SerializationException}, as in Kafka. */
public class VoidDeserializer implements Deserializer<Void> {

    @Override
    public Void deserialize(String topic, byte[] data) {
        if (data != null) {
            throw new SerializationException("Data of VoidDeserializer should be null");
        }
        return null;
    }
}
