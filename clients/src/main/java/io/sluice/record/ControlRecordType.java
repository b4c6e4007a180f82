package io.sluice.record;

import java.nio.ByteBuffer;

/**
 * The type of a control record, read from its key.
 *
 * <pre>
 * key:  int16 version (0)  int16 type   (4 bytes, big-endian)
 * </pre>
 *
 * Types 0 (ABORT) and 1 (COMMIT) are transaction markers. Types 2-6 are KRaft-internal and never
 * appear in client topics; they and any later type are reported as {@link #UNKNOWN}.
 */
public enum ControlRecordType {
    ABORT((short) 0),
    COMMIT((short) 1),
    UNKNOWN((short) -1);

    public static final short CURRENT_KEY_VERSION = 0;
    public static final int KEY_SIZE = 4;

    public final short id;

    ControlRecordType(short id) {
        this.id = id;
    }

    public static ControlRecordType forId(short id) {
        switch (id) {
            case 0: return ABORT;
            case 1: return COMMIT;
            default: return UNKNOWN;
        }
    }

    /** The type id in a control record key (from its position; the position is not moved). */
    public static short parseTypeId(ByteBuffer key) {
        if (key == null || key.remaining() < KEY_SIZE) {
            throw new CorruptRecordException("Control record key must be at least " + KEY_SIZE + " bytes, found "
                    + (key == null ? "null" : key.remaining()));
        }
        short version = key.getShort(key.position());
        if (version < 0) {
            throw new CorruptRecordException("Invalid control record key version " + version);
        }
        return key.getShort(key.position() + 2);
    }

    public static ControlRecordType parse(ByteBuffer key) {
        return forId(parseTypeId(key));
    }

    /** The 4-byte key of a control record of this type. */
    public ByteBuffer key() {
        if (this == UNKNOWN) {
            throw new IllegalStateException("No key for an unknown control record type");
        }
        ByteBuffer key = ByteBuffer.allocate(KEY_SIZE);
        key.putShort(CURRENT_KEY_VERSION).putShort(id).flip();
        return key;
    }
}
