package io.sluice.tools.consoleconsumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.server.group.GroupRecords;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lines Kafka's OffsetsMessageFormatter prints, for the record layouts the group coordinator writes. */
class OffsetsMessageFormatterTest {

    @Test
    void anOffsetCommitPrintsAsKafkaPrintsIt() {
        byte[] key = GroupRecords.offsetKey("test", "disTopic", 1);
        assertThat(OffsetsMessageFormatter.format(key, GroupRecords.offsetValue(new GroupRecords.OffsetValue(3, 1, "", 1661351768150L))))
                .isEqualTo("[test,disTopic,1]::OffsetAndMetadata(offset=3, leaderEpoch=Optional[1], metadata=, "
                        + "commitTimestamp=1661351768150, expireTimestamp=None)");
        assertThat(OffsetsMessageFormatter.format(key, GroupRecords.offsetValue(new GroupRecords.OffsetValue(0, -1, "m", 1661351768151L))))
                .isEqualTo("[test,disTopic,1]::OffsetAndMetadata(offset=0, leaderEpoch=Optional.empty, metadata=m, "
                        + "commitTimestamp=1661351768151, expireTimestamp=None)");
    }

    @Test
    void aTombstoneIsNull() {
        assertThat(OffsetsMessageFormatter.format(GroupRecords.offsetKey("g", "t", 0), null)).isEqualTo("[g,t,0]::NULL");
    }

    @Test
    void aVersionOneValueShowsItsExpireTimestamp() {
        byte[] metadata = "meta".getBytes(StandardCharsets.UTF_8);
        ByteBuffer v1 = ByteBuffer.allocate(2 + 8 + 2 + metadata.length + 8 + 8);
        v1.putShort((short) 1).putLong(42).putShort((short) metadata.length).put(metadata).putLong(1000L).putLong(2000L);
        assertThat(OffsetsMessageFormatter.format(GroupRecords.offsetKey("g", "t", 2), v1.array()))
                .isEqualTo("[g,t,2]::OffsetAndMetadata(offset=42, leaderEpoch=Optional.empty, metadata=meta, "
                        + "commitTimestamp=1000, expireTimestamp=Some(2000))");
    }

    @Test
    void groupMetadataAndUnreadableRecordsAreSkipped() {
        byte[] groupValue = GroupRecords.groupValue(new GroupRecords.GroupValue("consumer", 1, "range", "m-1", 5L, List.of()));
        assertThat(OffsetsMessageFormatter.format(GroupRecords.groupKey("g"), groupValue)).isNull();
        assertThat(OffsetsMessageFormatter.format(new byte[] {0, 9, 1}, new byte[] {1})).isNull();
        assertThat(OffsetsMessageFormatter.format(null, new byte[] {1})).isNull();
    }
}
