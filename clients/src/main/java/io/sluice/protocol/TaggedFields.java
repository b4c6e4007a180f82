package io.sluice.protocol;

import java.nio.ByteBuffer;

/** Skips a tagged-field section (count, then tag, size, bytes for each) whose fields are all unknown. */
final class TaggedFields {

    private TaggedFields() {
    }

    static void skip(ByteBuffer in) {
        int count = MessageReader.readUnsignedVarint(in);
        if (count < 0 || count > in.remaining()) {
            throw new MalformedMessageException(count + " tagged fields with " + in.remaining() + " bytes remaining");
        }
        for (int i = 0; i < count; i++) {
            MessageReader.readUnsignedVarint(in);
            int size = MessageReader.readUnsignedVarint(in);
            if (size < 0 || size > in.remaining()) {
                throw new MalformedMessageException("Tagged field of " + size + " bytes, " + in.remaining() + " remain");
            }
            in.position(in.position() + size);
        }
    }
}
