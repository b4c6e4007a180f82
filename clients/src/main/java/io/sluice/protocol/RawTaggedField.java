package io.sluice.protocol;

import java.nio.ByteBuffer;

/**
 * A tagged field this code does not know, kept as its raw bytes so that a message read and written
 * again keeps it. {@code data} is a read-only view of the bytes after the size varint.
 */
public record RawTaggedField(int tag, ByteBuffer data) {
}
