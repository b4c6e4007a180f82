package io.sluice.common;

import java.nio.ByteBuffer;

/**
 * Variable-length integers as the Kafka formats use them, read from and written to ByteBuffers
 * at their current position.
 *
 * <ul>
 *   <li><b>unsigned varint</b>: 7 bits a byte, low group first, high bit set on every byte but the
 *       last (protocol compact lengths, tagged-field tags and sizes);</li>
 *   <li><b>varint / varlong</b>: the same after zigzag encoding, so small negative numbers stay short
 *       (record fields: lengths, deltas, header counts), as protobuf's sint32/sint64.</li>
 * </ul>
 */
public final class ByteUtils {

    private ByteUtils() {
    }

    public static int readUnsignedVarint(ByteBuffer buffer) {
        int value = 0;
        int shift = 0;
        while (true) {
            byte b = buffer.get();
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
            shift += 7;
            if (shift > 28) {
                throw new IllegalArgumentException("Varint is longer than 5 bytes");
            }
        }
    }

    public static long readUnsignedVarlong(ByteBuffer buffer) {
        long value = 0;
        int shift = 0;
        while (true) {
            byte b = buffer.get();
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
            shift += 7;
            if (shift > 63) {
                throw new IllegalArgumentException("Varlong is longer than 10 bytes");
            }
        }
    }

    public static int readVarint(ByteBuffer buffer) {
        int raw = readUnsignedVarint(buffer);
        return (raw >>> 1) ^ -(raw & 1);
    }

    public static long readVarlong(ByteBuffer buffer) {
        long raw = readUnsignedVarlong(buffer);
        return (raw >>> 1) ^ -(raw & 1);
    }

    public static void writeUnsignedVarint(int value, ByteBuffer buffer) {
        while ((value & 0xffffff80) != 0) {
            buffer.put((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        buffer.put((byte) value);
    }

    public static void writeUnsignedVarlong(long value, ByteBuffer buffer) {
        while ((value & 0xffffffffffffff80L) != 0L) {
            buffer.put((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        buffer.put((byte) value);
    }

    public static void writeVarint(int value, ByteBuffer buffer) {
        writeUnsignedVarint((value << 1) ^ (value >> 31), buffer);
    }

    public static void writeVarlong(long value, ByteBuffer buffer) {
        writeUnsignedVarlong((value << 1) ^ (value >> 63), buffer);
    }

    public static int sizeOfUnsignedVarint(int value) {
        // Each byte carries 7 bits; count the significant bits and round up.
        int bits = 32 - Integer.numberOfLeadingZeros(value);
        return bits == 0 ? 1 : (bits + 6) / 7;
    }

    public static int sizeOfUnsignedVarlong(long value) {
        int bits = 64 - Long.numberOfLeadingZeros(value);
        return bits == 0 ? 1 : (bits + 6) / 7;
    }

    public static int sizeOfVarint(int value) {
        return sizeOfUnsignedVarint((value << 1) ^ (value >> 31));
    }

    public static int sizeOfVarlong(long value) {
        return sizeOfUnsignedVarlong((value << 1) ^ (value >> 63));
    }
}
