package io.sluice.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.server.group.GroupRecords.GroupKey;
import io.sluice.server.group.GroupRecords.GroupValue;
import io.sluice.server.group.GroupRecords.MemberValue;
import io.sluice.server.group.GroupRecords.OffsetKey;
import io.sluice.server.group.GroupRecords.OffsetValue;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.coordinator.group.generated.GroupMetadataKey;
import org.apache.kafka.coordinator.group.generated.GroupMetadataValue;
import org.apache.kafka.coordinator.group.generated.OffsetCommitKey;
import org.apache.kafka.coordinator.group.generated.OffsetCommitValue;
import org.junit.jupiter.api.Test;

/**
 * Our {@code __consumer_offsets} records against the bytes of Apache Kafka's own generated record
 * classes (kafka-group-coordinator 3.9, a test-only oracle), in both directions, plus one layout
 * checked by hand.
 */
class GroupRecordsTest {

    private static final byte[] SUBSCRIPTION = {0, 3, 0, 0, 0, 1, 0, 6, 't', 'o', 'p', 'i', 'c', 'A', -1, -1, -1, -1};
    private static final byte[] ASSIGNMENT = {0, 3, 0, 0, 0, 1, 0, 1, 'x', 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1};

    @Test
    void offsetKeyByHand() {
        byte[] key = GroupRecords.offsetKey("g", "t", 7);
        assertThat(key).containsExactly(0, 1, 0, 1, 'g', 0, 1, 't', 0, 0, 0, 7);
    }

    @Test
    void offsetKeyMatchesKafka() {
        byte[] kafka = MessageUtil.toVersionPrefixedBytes((short) 1,
                new OffsetCommitKey().setGroup("orders-app").setTopic("orders").setPartition(42));
        assertThat(GroupRecords.offsetKey("orders-app", "orders", 42)).isEqualTo(kafka);
        assertThat(GroupRecords.readKey(ByteBuffer.wrap(kafka))).isEqualTo(new OffsetKey("orders-app", "orders", 42));
    }

    @Test
    void offsetValueMatchesKafka() {
        byte[] kafka = MessageUtil.toVersionPrefixedBytes((short) 3, new OffsetCommitValue().setOffset(123456789L)
                .setLeaderEpoch(5).setMetadata("meta-ü").setCommitTimestamp(1_700_000_000_123L));
        OffsetValue ours = new OffsetValue(123456789L, 5, "meta-ü", 1_700_000_000_123L);
        assertThat(GroupRecords.offsetValue(ours)).isEqualTo(kafka);
        assertThat(GroupRecords.readOffsetValue(ByteBuffer.wrap(kafka))).isEqualTo(ours);
    }

    @Test
    void readsOlderOffsetValueVersionsKafkaWrote() {
        OffsetCommitValue value = new OffsetCommitValue().setOffset(9).setMetadata("m").setCommitTimestamp(77)
                .setExpireTimestamp(99);
        for (short version = 0; version <= 2; version++) {
            byte[] kafka = MessageUtil.toVersionPrefixedBytes(version, value);
            assertThat(GroupRecords.readOffsetValue(ByteBuffer.wrap(kafka)))
                    .as("v%d", version).isEqualTo(new OffsetValue(9, -1, "m", 77));
        }
    }

    @Test
    void groupKeyMatchesKafka() {
        byte[] kafka = MessageUtil.toVersionPrefixedBytes((short) 2, new GroupMetadataKey().setGroup("orders-app"));
        assertThat(GroupRecords.groupKey("orders-app")).isEqualTo(kafka);
        assertThat(GroupRecords.readKey(ByteBuffer.wrap(kafka))).isEqualTo(new GroupKey("orders-app"));
    }

    @Test
    void groupValueMatchesKafka() {
        GroupMetadataValue kafkaValue = new GroupMetadataValue().setProtocolType("consumer").setGeneration(4)
                .setProtocol("range").setLeader("c1-uuid").setCurrentStateTimestamp(1_700_000_000_000L)
                .setMembers(List.of(
                        new GroupMetadataValue.MemberMetadata().setMemberId("c1-uuid").setGroupInstanceId(null)
                                .setClientId("c1").setClientHost("/127.0.0.1").setRebalanceTimeout(300_000)
                                .setSessionTimeout(45_000).setSubscription(SUBSCRIPTION).setAssignment(ASSIGNMENT),
                        new GroupMetadataValue.MemberMetadata().setMemberId("c2-uuid").setGroupInstanceId("static-2")
                                .setClientId("c2").setClientHost("/127.0.0.2").setRebalanceTimeout(60_000)
                                .setSessionTimeout(10_000).setSubscription(SUBSCRIPTION).setAssignment(new byte[0])));
        byte[] kafka = MessageUtil.toVersionPrefixedBytes((short) 3, kafkaValue);
        GroupValue ours = new GroupValue("consumer", 4, "range", "c1-uuid", 1_700_000_000_000L, List.of(
                new MemberValue("c1-uuid", null, "c1", "/127.0.0.1", 300_000, 45_000, SUBSCRIPTION, ASSIGNMENT),
                new MemberValue("c2-uuid", "static-2", "c2", "/127.0.0.2", 60_000, 10_000, SUBSCRIPTION,
                        new byte[0])));
        assertThat(GroupRecords.groupValue(ours)).isEqualTo(kafka);

        GroupValue read = GroupRecords.readGroupValue(ByteBuffer.wrap(kafka));
        assertThat(GroupRecords.groupValue(read)).isEqualTo(kafka);
        assertThat(read.members().get(1).groupInstanceId()).isEqualTo("static-2");
        assertThat(read.members().get(0).assignment()).isEqualTo(ASSIGNMENT);
    }

    @Test
    void emptyGroupValueMatchesKafka() {
        byte[] kafka = MessageUtil.toVersionPrefixedBytes((short) 3, new GroupMetadataValue().setProtocolType("consumer")
                .setGeneration(7).setProtocol(null).setLeader(null).setCurrentStateTimestamp(5L).setMembers(List.of()));
        GroupValue ours = new GroupValue("consumer", 7, null, null, 5L, List.of());
        assertThat(GroupRecords.groupValue(ours)).isEqualTo(kafka);
        assertThat(GroupRecords.readGroupValue(ByteBuffer.wrap(kafka))).isEqualTo(ours);
    }

    @Test
    void readsOlderGroupValueVersionsKafkaWrote() {
        GroupMetadataValue kafkaValue = new GroupMetadataValue().setProtocolType("consumer").setGeneration(2)
                .setProtocol("range").setLeader("m").setCurrentStateTimestamp(-1L)
                .setMembers(List.of(new GroupMetadataValue.MemberMetadata().setMemberId("m").setClientId("c")
                        .setClientHost("h").setRebalanceTimeout(1000).setSessionTimeout(6000)
                        .setSubscription(SUBSCRIPTION).setAssignment(ASSIGNMENT)));
        for (short version = 0; version <= 2; version++) {
            GroupValue read = GroupRecords.readGroupValue(
                    ByteBuffer.wrap(MessageUtil.toVersionPrefixedBytes(version, kafkaValue)));
            MemberValue member = read.members().get(0);
            assertThat(read.generation()).isEqualTo(2);
            assertThat(member.memberId()).isEqualTo("m");
            assertThat(member.sessionTimeoutMs()).isEqualTo(6000);
            assertThat(member.rebalanceTimeoutMs()).isEqualTo(version == 0 ? 6000 : 1000);
            assertThat(member.subscription()).isEqualTo(SUBSCRIPTION);
        }
    }

    @Test
    void readsTheFlexibleGroupValueVersionNewerKafkaWrites() {
        GroupMetadataValue kafkaValue = new GroupMetadataValue().setProtocolType("consumer").setGeneration(9)
                .setProtocol("cooperative-sticky").setLeader("m1").setCurrentStateTimestamp(77L)
                .setMembers(List.of(
                        new GroupMetadataValue.MemberMetadata().setMemberId("m1").setGroupInstanceId("i1")
                                .setClientId("c").setClientHost("/10.0.0.1").setRebalanceTimeout(300_000)
                                .setSessionTimeout(45_000).setSubscription(SUBSCRIPTION).setAssignment(ASSIGNMENT),
                        new GroupMetadataValue.MemberMetadata().setMemberId("m2").setGroupInstanceId(null)
                                .setClientId("d").setClientHost("/10.0.0.2").setRebalanceTimeout(1000)
                                .setSessionTimeout(6000).setSubscription(new byte[0]).setAssignment(new byte[0])));
        GroupValue read = GroupRecords.readGroupValue(
                ByteBuffer.wrap(MessageUtil.toVersionPrefixedBytes((short) 4, kafkaValue)));
        assertThat(read.protocolType()).isEqualTo("consumer");
        assertThat(read.generation()).isEqualTo(9);
        assertThat(read.protocol()).isEqualTo("cooperative-sticky");
        assertThat(read.leader()).isEqualTo("m1");
        assertThat(read.currentStateTimestamp()).isEqualTo(77L);
        assertThat(read.members()).hasSize(2);
        MemberValue first = read.members().get(0);
        assertThat(first.groupInstanceId()).isEqualTo("i1");
        assertThat(first.clientHost()).isEqualTo("/10.0.0.1");
        assertThat(first.rebalanceTimeoutMs()).isEqualTo(300_000);
        assertThat(first.sessionTimeoutMs()).isEqualTo(45_000);
        assertThat(first.subscription()).isEqualTo(SUBSCRIPTION);
        assertThat(first.assignment()).isEqualTo(ASSIGNMENT);
        assertThat(read.members().get(1).groupInstanceId()).isNull();
        assertThat(read.members().get(1).memberId()).isEqualTo("m2");
    }

    @Test
    void unknownKeyVersionIsRefused() {
        assertThatThrownBy(() -> GroupRecords.readKey(ByteBuffer.wrap(new byte[] {0, 9, 0, 0})))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void offsetRecordsRoundTripThroughKafka(@ForAll String group, @ForAll String topic, @ForAll int partition,
            @ForAll long offset, @ForAll int epoch, @ForAll String metadata, @ForAll long timestamp) {
        byte[] key = GroupRecords.offsetKey(group, topic, partition);
        assertThat(key).isEqualTo(MessageUtil.toVersionPrefixedBytes((short) 1,
                new OffsetCommitKey().setGroup(group).setTopic(topic).setPartition(partition)));
        assertThat(GroupRecords.readKey(ByteBuffer.wrap(key))).isEqualTo(new OffsetKey(group, topic, partition));
        OffsetValue value = new OffsetValue(offset, epoch, metadata, timestamp);
        byte[] bytes = GroupRecords.offsetValue(value);
        assertThat(bytes).isEqualTo(MessageUtil.toVersionPrefixedBytes((short) 3, new OffsetCommitValue()
                .setOffset(offset).setLeaderEpoch(epoch).setMetadata(metadata).setCommitTimestamp(timestamp)));
        assertThat(GroupRecords.readOffsetValue(ByteBuffer.wrap(bytes))).isEqualTo(value);
    }
}
