package io.sluice.clients.serialization;

/** Always null (no key). */
public class VoidSerializer implements Serializer<Void> {

    @Override
    public byte[] serialize(String topic, Void data) {
        return null;
    }
}
