package io.sluice.server.group;

import io.sluice.common.ByteUtils;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The keys and values the group coordinator writes to {@code __consumer_offsets}, in Apache Kafka's
 * layouts so that Kafka's tools (and a Kafka broker reading a copied log) understand them. Every key and
 * value starts with an int16 schema version; strings are int16 length + UTF-8 (null: length -1), bytes
 * are int32 length + data, arrays are int32 count + elements. A value of null (a tombstone) deletes the
 * key once compaction runs.
 *
 * <pre>
 * offset commit key    v1: version=1, group string, topic string, partition int32     (v0: same layout)
 * offset commit value  v3: version=3, offset int64, leader_epoch int32, metadata string, commit_timestamp int64
 *                     (v0/v2: offset, metadata, commit_timestamp; v1: ... + expire_timestamp int64)
 * group metadata key   v2: version=2, group string
 * group metadata value v3: version=3, protocol_type string, generation int32, protocol nullable string,
 *                      leader nullable string, current_state_timestamp int64 (v2+),
 *                      members [member_id string, group_instance_id nullable string (v3+), client_id string,
 *                      client_host string, rebalance_timeout int32 (v1+), session_timeout int32,
 *                      subscription bytes, assignment bytes]
 * </pre>
 *
 * We write the versions shown first (the ones Kafka 3.x writes for classic groups) and read offset commit
 * values v0 to v3 and group metadata values v0 to v4. Group metadata value v4 (written by newer Kafka
 * brokers) has v3's fields in the flexible encoding: compact strings, bytes and arrays (unsigned varint
 * length + 1, 0 = null) and a tagged-field section after each member and after the value, which we skip.
 *
 * <p>Thread-safe: stateless.
 */
public final class GroupRecords {

    public static final short OFFSET_COMMIT_KEY_VERSION = 1;
    public static final short OFFSET_COMMIT_VALUE_VERSION = 3;
    public static final short GROUP_METADATA_KEY_VERSION = 2;
    public static final short GROUP_METADATA_VALUE_VERSION = 3;

    /** A key of {@code __consumer_offsets}: an offset commit or a group's metadata. */
    public sealed interface Key permits OffsetKey, GroupKey {
        String group();
    }

    public record OffsetKey(String group, String topic, int partition) implements Key {
        public OffsetKey {
            Objects.requireNonNull(group);
            Objects.requireNonNull(topic);
        }
    }

    public record GroupKey(String group) implements Key {
        public GroupKey {
            Objects.requireNonNull(group);
        }
    }

    /** A committed offset; leader epoch -1 when unknown, metadata never null (empty by default). */
    public record OffsetValue(long offset, int leaderEpoch, String metadata, long commitTimestamp) {
        public OffsetValue {
            metadata = metadata == null ? "" : metadata;
        }
    }

    /** One member as stored: subscription and assignment are the client's bytes, verbatim. */
    public record MemberValue(String memberId, String groupInstanceId, String clientId, String clientHost,
            int rebalanceTimeoutMs, int sessionTimeoutMs, byte[] subscription, byte[] assignment) {
    }

    /** A group's metadata; protocol and leader are null for a group without members. */
    public record GroupValue(String protocolType, int generation, String protocol, String leader,
            long currentStateTimestamp, List<MemberValue> members) {
        public GroupValue {
            members = List.copyOf(members);
        }
    }

    private GroupRecords() {
    }

    // ---------------------------------------------------------------- writing

    public static byte[] offsetKey(String group, String topic, int partition) {
        byte[] g = utf8(group);
        byte[] t = utf8(topic);
        ByteBuffer buffer = ByteBuffer.allocate(2 + 2 + g.length + 2 + t.length + 4);
        buffer.putShort(OFFSET_COMMIT_KEY_VERSION);
        putString(buffer, g);
        putString(buffer, t);
        buffer.putInt(partition);
        return buffer.array();
    }

    public static byte[] offsetValue(OffsetValue value) {
        byte[] metadata = utf8(value.metadata());
        ByteBuffer buffer = ByteBuffer.allocate(2 + 8 + 4 + 2 + metadata.length + 8);
        buffer.putShort(OFFSET_COMMIT_VALUE_VERSION);
        buffer.putLong(value.offset());
        buffer.putInt(value.leaderEpoch());
        putString(buffer, metadata);
        buffer.putLong(value.commitTimestamp());
        return buffer.array();
    }

    public static byte[] groupKey(String group) {
        byte[] g = utf8(group);
        ByteBuffer buffer = ByteBuffer.allocate(2 + 2 + g.length);
        buffer.putShort(GROUP_METADATA_KEY_VERSION);
        putString(buffer, g);
        return buffer.array();
    }

    public static byte[] groupValue(GroupValue value) {
        byte[] protocolType = utf8(value.protocolType());
        byte[] protocol = utf8(value.protocol());
        byte[] leader = utf8(value.leader());
        int size = 2 + stringSize(protocolType) + 4 + stringSize(protocol) + stringSize(leader) + 8 + 4;
        List<byte[][]> members = new ArrayList<>(value.members().size());
        for (MemberValue member : value.members()) {
            byte[][] strings = {utf8(member.memberId()), utf8(member.groupInstanceId()), utf8(member.clientId()),
                utf8(member.clientHost())};
            for (byte[] s : strings) {
                size += stringSize(s);
            }
            size += 4 + 4 + 4 + member.subscription().length + 4 + member.assignment().length;
            members.add(strings);
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putShort(GROUP_METADATA_VALUE_VERSION);
        putString(buffer, protocolType);
        buffer.putInt(value.generation());
        putString(buffer, protocol);
        putString(buffer, leader);
        buffer.putLong(value.currentStateTimestamp());
        buffer.putInt(value.members().size());
        for (int i = 0; i < members.size(); i++) {
            MemberValue member = value.members().get(i);
            byte[][] strings = members.get(i);
            putString(buffer, strings[0]);
            putString(buffer, strings[1]);
            putString(buffer, strings[2]);
            putString(buffer, strings[3]);
            buffer.putInt(member.rebalanceTimeoutMs());
            buffer.putInt(member.sessionTimeoutMs());
            buffer.putInt(member.subscription().length).put(member.subscription());
            buffer.putInt(member.assignment().length).put(member.assignment());
        }
        return buffer.array();
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads a key.
     *
     * @throws IllegalArgumentException for a key version this broker does not know (such records are
     *         skipped by whoever replays the log, with a warning)
     */
    public static Key readKey(ByteBuffer key) {
        ByteBuffer in = key.duplicate();
        short version = in.getShort();
        return switch (version) {
            case 0, 1 -> new OffsetKey(readString(in), readString(in), in.getInt());
            case 2 -> new GroupKey(readString(in));
            default -> throw new IllegalArgumentException("Unknown __consumer_offsets key version " + version);
        };
    }

    public static OffsetValue readOffsetValue(ByteBuffer value) {
        ByteBuffer in = value.duplicate();
        short version = in.getShort();
        return switch (version) {
            case 0, 1, 2 -> new OffsetValue(in.getLong(), -1, readString(in), in.getLong());
            case 3 -> new OffsetValue(in.getLong(), in.getInt(), readString(in), in.getLong());
            default -> throw new IllegalArgumentException("Unsupported offset commit value version " + version);
        };
    }

    public static GroupValue readGroupValue(ByteBuffer value) {
        ByteBuffer in = value.duplicate();
        short version = in.getShort();
        if (version == 4) {
            return readFlexibleGroupValue(in);
        }
        if (version < 0 || version > 3) {
            throw new IllegalArgumentException("Unsupported group metadata value version " + version);
        }
        String protocolType = readString(in);
        int generation = in.getInt();
        String protocol = readString(in);
        String leader = readString(in);
        long stateTimestamp = version >= 2 ? in.getLong() : -1L;
        int count = in.getInt();
        List<MemberValue> members = new ArrayList<>(Math.max(0, count));
        for (int i = 0; i < count; i++) {
            String memberId = readString(in);
            String instanceId = version >= 3 ? readString(in) : null;
            String clientId = readString(in);
            String clientHost = readString(in);
            int rebalanceTimeout = version >= 1 ? in.getInt() : 0;
            int sessionTimeout = in.getInt();
            byte[] subscription = readBytes(in);
            byte[] assignment = readBytes(in);
            // v0 had no rebalance timeout: Kafka takes the session timeout for it.
            members.add(new MemberValue(memberId, instanceId, clientId, clientHost,
                    version >= 1 ? rebalanceTimeout : sessionTimeout, sessionTimeout, subscription, assignment));
        }
        return new GroupValue(protocolType, generation, protocol, leader, stateTimestamp, members);
    }

    /** Group metadata value v4, after its version. */
    private static GroupValue readFlexibleGroupValue(ByteBuffer in) {
        String protocolType = readCompactString(in);
        int generation = in.getInt();
        String protocol = readCompactString(in);
        String leader = readCompactString(in);
        long stateTimestamp = in.getLong();
        int count = ByteUtils.readUnsignedVarint(in) - 1;
        List<MemberValue> members = new ArrayList<>(Math.max(0, count));
        for (int i = 0; i < count; i++) {
            String memberId = readCompactString(in);
            String instanceId = readCompactString(in);
            String clientId = readCompactString(in);
            String clientHost = readCompactString(in);
            int rebalanceTimeout = in.getInt();
            int sessionTimeout = in.getInt();
            byte[] subscription = readCompactBytes(in);
            byte[] assignment = readCompactBytes(in);
            skipTaggedFields(in);
            members.add(new MemberValue(memberId, instanceId, clientId, clientHost, rebalanceTimeout, sessionTimeout,
                    subscription, assignment));
        }
        skipTaggedFields(in);
        return new GroupValue(protocolType, generation, protocol, leader, stateTimestamp, members);
    }

    // ---------------------------------------------------------------- primitives

    private static String readCompactString(ByteBuffer in) {
        int length = ByteUtils.readUnsignedVarint(in) - 1;
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] readCompactBytes(ByteBuffer in) {
        int length = ByteUtils.readUnsignedVarint(in) - 1;
        byte[] bytes = new byte[Math.max(0, length)];
        in.get(bytes);
        return bytes;
    }

    private static void skipTaggedFields(ByteBuffer in) {
        int fields = ByteUtils.readUnsignedVarint(in);
        for (int i = 0; i < fields; i++) {
            ByteUtils.readUnsignedVarint(in); // tag
            int size = ByteUtils.readUnsignedVarint(in);
            in.position(in.position() + size);
        }
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static int stringSize(byte[] utf8) {
        return 2 + (utf8 == null ? 0 : utf8.length);
    }

    private static void putString(ByteBuffer buffer, byte[] utf8) {
        if (utf8 == null) {
            buffer.putShort((short) -1);
        } else {
            buffer.putShort((short) utf8.length).put(utf8);
        }
    }

    private static String readString(ByteBuffer in) {
        short length = in.getShort();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(ByteBuffer in) {
        int length = in.getInt();
        byte[] bytes = new byte[Math.max(0, length)];
        in.get(bytes);
        return bytes;
    }
}
