package io.sluice.record.codec;

/**
 * Constants of the LZ4 frame format (the public "LZ4 Frame Format Description", version 1), as
 * Kafka's lz4 codec uses it for magic-2 batches. All multi-byte integers are little-endian.
 *
 * <pre>
 * frame      = magic(4) descriptor block* endMark(4) [contentChecksum(4)]
 * magic      = 0x184D2204
 * descriptor = FLG(1) BD(1) [contentSize(8)] [dictId(4)] HC(1)
 *   FLG bits: 7-6 version (01), 5 block independence, 4 block checksum, 3 content size,
 *             2 content checksum, 1 reserved (0), 0 dictionary id
 *   BD bits:  7 reserved (0), 6-4 block maximum size (4: 64 KiB, 5: 256 KiB, 6: 1 MiB, 7: 4 MiB),
 *             3-0 reserved (0)
 *   HC       = second byte of xxHash32 (seed 0) over FLG..end of descriptor (HC excluded)
 * block      = size(4) data(size &amp; 0x7FFFFFFF) [blockChecksum(4): xxHash32 of data as stored]
 *   size's high bit set: data is stored uncompressed
 * endMark    = 0x00000000
 * </pre>
 *
 * <p>Kafka writes FLG 0x60 (version 1, independent blocks, no checksums) and BD 0x40 (64 KiB blocks).
 * Kafka's writer before magic 1 computed HC over the magic bytes too; that bug only concerns magic 0/1
 * batches, which Sluice refuses, so here HC is always computed as the spec says.
 */
final class Lz4Frame {

    static final int MAGIC = 0x184D2204;
    static final int VERSION = 1;

    static final int FLG_VERSION_SHIFT = 6;
    static final int FLG_BLOCK_INDEPENDENCE = 1 << 5;
    static final int FLG_BLOCK_CHECKSUM = 1 << 4;
    static final int FLG_CONTENT_SIZE = 1 << 3;
    static final int FLG_CONTENT_CHECKSUM = 1 << 2;
    static final int FLG_RESERVED = 1 << 1;
    static final int FLG_DICT_ID = 1;

    static final int BD_BLOCK_SIZE_SHIFT = 4;
    static final int BD_BLOCK_SIZE_MASK = 0x07;
    static final int BD_RESERVED_MASK = 0x8f;

    /** Block size id 4 = 64 KiB, what Kafka writes. */
    static final int BLOCK_SIZE_ID_64KB = 4;

    static final int UNCOMPRESSED_BLOCK_FLAG = 0x80000000;

    private Lz4Frame() {
    }

    /** 2^(2 * id + 8): 64 KiB, 256 KiB, 1 MiB, 4 MiB for ids 4..7. */
    static int blockMaximumSize(int blockSizeId) {
        return 1 << (2 * blockSizeId + 8);
    }

    static void writeIntLE(byte[] target, int offset, int value) {
        target[offset] = (byte) value;
        target[offset + 1] = (byte) (value >>> 8);
        target[offset + 2] = (byte) (value >>> 16);
        target[offset + 3] = (byte) (value >>> 24);
    }
}
