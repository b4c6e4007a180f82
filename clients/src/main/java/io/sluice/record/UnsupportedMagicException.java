package io.sluice.record;

/**
 * A batch in message format v0 or v1 (magic 0 or 1, Kafka before 0.11) or an unknown magic.
 * Sluice stores and serves only magic 2, as Kafka 4 does (KIP-724).
 */
public final class UnsupportedMagicException extends CorruptRecordException {
    private static final long serialVersionUID = 1L;

    private final byte magic;

    public UnsupportedMagicException(byte magic) {
        super("Unsupported record batch magic " + magic
                + ": only magic 2 (Kafka 0.11+ record batches) is supported; magic 0 and 1 are refused");
        this.magic = magic;
    }

    public byte magic() {
        return magic;
    }
}
