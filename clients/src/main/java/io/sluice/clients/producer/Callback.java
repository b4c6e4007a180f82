package io.sluice.clients.producer;

/**
 * Called once per record when its send completes. Callbacks run on the producer's sender thread,
 * in send order for records of the same partition; they should be quick and must not block on the
 * producer (no {@code flush()}, no {@code get()} of another send).
 */
@FunctionalInterface
public interface Callback {

    /**
     * @param metadata  where the record went, or on failure a metadata with offset -1 (topic and partition set when known)
     * @param exception null on success, else why the record was not written
     */
    void onCompletion(RecordMetadata metadata, Exception exception);
}
