package io.sluice.clients.producer.internals;

/**
 * The producer id and epoch an idempotent producer got from InitProducerId. Each partition numbers
 * its batches from sequence 0 under this id ({@link RecordAccumulator} keeps the per-partition
 * sequences). After a real sequence gap on one partition, that partition alone continues with
 * epoch + 1 from sequence 0, which the broker accepts (a higher epoch must start at 0); the broker
 * keeps producer state per partition, so the other partitions are unaffected. Immutable.
 */
public record IdempotenceState(long producerId, short epoch) {

    /** {@code sequence + increment}, wrapping from Integer.MAX_VALUE to 0 as the broker does. */
    public static int incrementSequence(int sequence, int increment) {
        if (sequence > Integer.MAX_VALUE - increment) {
            return increment - (Integer.MAX_VALUE - sequence) - 1;
        }
        return sequence + increment;
    }
}
