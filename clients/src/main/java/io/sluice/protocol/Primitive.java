package io.sluice.protocol;

/**
 * Scalar field types and their Java value classes. All integers are big-endian.
 *
 * <pre>
 * type     value class        classic encoding                         flexible encoding
 * INT8     Byte               1 byte                                   same
 * INT16    Short              2 bytes                                  same
 * INT32    Integer            4 bytes                                  same
 * INT64    Long               8 bytes                                  same
 * UINT16   Integer            2 bytes, 0..65535                        same
 * UINT32   Long               4 bytes, 0..2^32-1                       same
 * FLOAT64  Double             8 bytes IEEE 754                         same
 * BOOL     Boolean            1 byte, 0 or 1 (any non-zero reads true) same
 * UUID     java.util.UUID     16 bytes, most significant half first    same
 * STRING   String             int16 length (-1 = null), UTF-8 bytes    unsigned varint length+1 (0 = null), UTF-8
 * BYTES    ByteBuffer         int32 length (-1 = null), bytes          unsigned varint length+1 (0 = null), bytes
 * RECORDS  ByteBuffer or      as nullable BYTES                        as nullable compact BYTES
 *          FileSlice
 * </pre>
 *
 * A RECORDS value read from the wire is a zero-copy slice of the request buffer; when writing it may
 * also be a {@link io.sluice.record.FileSlice}, which the writer passes through to the
 * {@link io.sluice.common.Send} untouched.
 */
public enum Primitive implements Type {
    INT8, INT16, INT32, INT64, UINT16, UINT32, FLOAT64, BOOL, UUID, STRING, BYTES, RECORDS
}
