package io.sluice.record;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A transaction marker: the single record of a control batch that commits or aborts a producer's
 * transaction on one partition.
 *
 * <pre>
 * key:    int16 version (0)  int16 type (0 ABORT, 1 COMMIT)
 * value:  int16 version (0)  int32 coordinatorEpoch        (6 bytes, big-endian)
 * </pre>
 */
public final class EndTransactionMarker {

    public static final short CURRENT_VALUE_VERSION = 0;
    public static final int VALUE_SIZE = 6;

    private final ControlRecordType type;
    private final int coordinatorEpoch;

    public EndTransactionMarker(ControlRecordType type, int coordinatorEpoch) {
        if (type != ControlRecordType.ABORT && type != ControlRecordType.COMMIT) {
            throw new IllegalArgumentException("A transaction marker is ABORT or COMMIT, not " + type);
        }
        this.type = type;
        this.coordinatorEpoch = coordinatorEpoch;
    }

    public ControlRecordType type() {
        return type;
    }

    public int coordinatorEpoch() {
        return coordinatorEpoch;
    }

    public ByteBuffer key() {
        return type.key();
    }

    public ByteBuffer value() {
        ByteBuffer value = ByteBuffer.allocate(VALUE_SIZE);
        value.putShort(CURRENT_VALUE_VERSION).putInt(coordinatorEpoch).flip();
        return value;
    }

    /** Reads the marker of a control record; throws {@link CorruptRecordException} if it is not one. */
    public static EndTransactionMarker read(Record record) {
        return read(record.key(), record.value());
    }

    public static EndTransactionMarker read(ByteBuffer key, ByteBuffer value) {
        ControlRecordType type = ControlRecordType.parse(key);
        if (type != ControlRecordType.ABORT && type != ControlRecordType.COMMIT) {
            throw new CorruptRecordException("Control record type " + ControlRecordType.parseTypeId(key)
                    + " is not a transaction marker");
        }
        if (value == null || value.remaining() < VALUE_SIZE) {
            throw new CorruptRecordException("Transaction marker value must be " + VALUE_SIZE + " bytes, found "
                    + (value == null ? "null" : value.remaining()));
        }
        short version = value.getShort(value.position());
        if (version < 0) {
            throw new CorruptRecordException("Invalid transaction marker version " + version);
        }
        return new EndTransactionMarker(type, value.getInt(value.position() + 2));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof EndTransactionMarker)) {
            return false;
        }
        EndTransactionMarker other = (EndTransactionMarker) o;
        return type == other.type && coordinatorEpoch == other.coordinatorEpoch;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, coordinatorEpoch);
    }

    @Override
    public String toString() {
        return "EndTransactionMarker(" + type + ", coordinatorEpoch=" + coordinatorEpoch + ")";
    }
}
