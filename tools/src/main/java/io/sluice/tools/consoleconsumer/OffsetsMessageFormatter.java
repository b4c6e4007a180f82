package io.sluice.tools.consoleconsumer;

import io.sluice.server.group.GroupRecords;
import java.io.PrintStream;
import java.nio.ByteBuffer;

/**
 * {@code --formatter offsets} (or Kafka's class name
 * {@code kafka.coordinator.group.GroupMetadataManager$OffsetsMessageFormatter}): prints the offset
 * commits of {@code __consumer_offsets} as Kafka's formatter does,
 * <pre>[group,topic,partition]::OffsetAndMetadata(offset=3, leaderEpoch=Optional[1], metadata=, commitTimestamp=1661351768150, expireTimestamp=None)</pre>
 * with {@code Optional.empty} for an unknown leader epoch, {@code Some(ms)} for the expire timestamp
 * of a v1 value that has one, and {@code NULL} after "::" for a tombstone (a deleted offset). Group metadata
 * records and records it cannot read are skipped, as Kafka's formatter skips them.
 *
 * <p>The key and value layouts are read with the broker's {@link GroupRecords} (the one definition of
 * them in Sluice). Not thread-safe (one consumer thread).
 */
public final class OffsetsMessageFormatter implements MessageFormatter {

    /** Kafka's class name, accepted by --formatter so commands copied from Kafka's docs work. */
    public static final String KAFKA_CLASS_NAME = "kafka.coordinator.group.GroupMetadataManager$OffsetsMessageFormatter";

    @Override
    public void writeTo(ConsoleRecord record, PrintStream out) {
        String line = format(record.key(), record.value());
        if (line != null) {
            out.println(line);
        }
    }

    /** The line for one record, or null for a record that is not an offset commit. */
    static String format(byte[] key, byte[] value) {
        if (key == null) {
            return null;
        }
        GroupRecords.Key parsed;
        try {
            parsed = GroupRecords.readKey(ByteBuffer.wrap(key));
        } catch (RuntimeException e) {
            return null;
        }
        if (!(parsed instanceof GroupRecords.OffsetKey offsetKey)) {
            return null;
        }
        String prefix = "[" + offsetKey.group() + "," + offsetKey.topic() + "," + offsetKey.partition() + "]::";
        if (value == null) {
            return prefix + "NULL";
        }
        try {
            return prefix + offsetAndMetadata(ByteBuffer.wrap(value));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String offsetAndMetadata(ByteBuffer value) {
        GroupRecords.OffsetValue offset = GroupRecords.readOffsetValue(value);
        short version = value.getShort(value.position());
        // Only v1 carries an expire timestamp; it is the value's last field; -1 means none was set.
        long expireTimestamp = version == 1 ? value.getLong(value.limit() - 8) : -1L;
        String expire = expireTimestamp == -1L ? "None" : "Some(" + expireTimestamp + ")";
        String leaderEpoch = offset.leaderEpoch() < 0 ? "Optional.empty" : "Optional[" + offset.leaderEpoch() + "]";
        return "OffsetAndMetadata(offset=" + offset.offset()
                + ", leaderEpoch=" + leaderEpoch
                + ", metadata=" + offset.metadata()
                + ", commitTimestamp=" + offset.commitTimestamp()
                + ", expireTimestamp=" + expire + ")";
    }
}
