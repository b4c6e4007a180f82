package io.sluice.record.codec;

import io.sluice.record.CompressionType;
import io.sluice.record.CorruptRecordException;

/** A compressed batch expands past the caller's limit: treated as corrupt, never buffered whole. */
public final class DecompressedSizeExceededException extends CorruptRecordException {
    private static final long serialVersionUID = 1L;

    public DecompressedSizeExceededException(CompressionType type, int maxBytes) {
        super("Records compressed with " + type + " decompress to more than the limit of " + maxBytes + " bytes");
    }
}
