package io.sluice.clients.consumer.assignor;

import io.sluice.clients.common.TopicPartition;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "consumer" protocol type's opaque bytes: the subscription a member puts in JoinGroup's
 * protocol metadata and the assignment the leader puts in SyncGroup. The layouts are Kafka's
 * (ConsumerProtocolSubscription / ConsumerProtocolAssignment), so a Kafka leader decodes our
 * subscriptions and we decode its assignments. Big-endian, no tagged fields (not a flexible
 * version); a string is int16 length + UTF-8, an array is int32 count + elements, nullable bytes
 * are int32 length (-1 = null) + bytes, a nullable string has length -1 for null.
 *
 * <pre>
 * Subscription
 *   version          int16            0..3
 *   topics           [string]                              v0+
 *   user_data        nullable bytes                        v0+
 *   owned_partitions [topic string, partitions [int32]]    v1+
 *   generation_id    int32  (-1 = none)                    v2+
 *   rack_id          nullable string                       v3+
 *
 * Assignment
 *   version              int16        0..3 (the same fields in every version)
 *   assigned_partitions  [topic string, partitions [int32]]
 *   user_data            nullable bytes
 * </pre>
 *
 * A version above 3 is read as version 3: later versions only append fields, which is how Kafka
 * reads them too. Partitions of one topic are written as one entry, in first-seen topic order.
 * Stateless; thread-safe.
 */
public final class ConsumerProtocol {

    /** The protocol_type of JoinGroup/SyncGroup for consumers. */
    public static final String PROTOCOL_TYPE = "consumer";
    public static final short SUBSCRIPTION_LATEST = 3;
    public static final short ASSIGNMENT_LATEST = 3;

    private ConsumerProtocol() {
    }

    public static ByteBuffer encodeSubscription(Subscription s) {
        return encodeSubscription(s, SUBSCRIPTION_LATEST);
    }

    public static ByteBuffer encodeSubscription(Subscription s, short version) {
        checkVersion(version, SUBSCRIPTION_LATEST);
        Map<String, List<Integer>> owned = byTopic(s.ownedPartitions());
        int size = 2 + 4;
        for (String t : s.topics()) {
            size += stringSize(t);
        }
        size += bytesSize(s.userData());
        if (version >= 1) {
            size += topicPartitionsSize(owned);
        }
        if (version >= 2) {
            size += 4;
        }
        if (version >= 3) {
            size += s.rackId() == null ? 2 : stringSize(s.rackId());
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putShort(version);
        buf.putInt(s.topics().size());
        for (String t : s.topics()) {
            putString(buf, t);
        }
        putBytes(buf, s.userData());
        if (version >= 1) {
            putTopicPartitions(buf, owned);
        }
        if (version >= 2) {
            buf.putInt(s.generationId());
        }
        if (version >= 3) {
            putNullableString(buf, s.rackId());
        }
        return buf.flip();
    }

    /** Decodes a subscription (the buffer's position is not moved). */
    public static Subscription decodeSubscription(ByteBuffer bytes) {
        ByteBuffer buf = bytes.duplicate();
        try {
            short version = readVersion(buf);
            int n = buf.getInt();
            checkCount(n, buf);
            List<String> topics = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                topics.add(readString(buf));
            }
            ByteBuffer userData = readBytes(buf);
            List<TopicPartition> owned = version >= 1 ? readTopicPartitions(buf) : List.of();
            int generation = version >= 2 ? buf.getInt() : Subscription.NO_GENERATION;
            String rack = version >= 3 ? readNullableString(buf) : null;
            return new Subscription(topics, userData, owned, generation, rack, null);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated consumer protocol subscription", e);
        }
    }

    public static ByteBuffer encodeAssignment(Assignment a) {
        return encodeAssignment(a, ASSIGNMENT_LATEST);
    }

    public static ByteBuffer encodeAssignment(Assignment a, short version) {
        checkVersion(version, ASSIGNMENT_LATEST);
        Map<String, List<Integer>> parts = byTopic(a.partitions());
        ByteBuffer buf = ByteBuffer.allocate(2 + topicPartitionsSize(parts) + bytesSize(a.userData()));
        buf.putShort(version);
        putTopicPartitions(buf, parts);
        putBytes(buf, a.userData());
        return buf.flip();
    }

    /**
     * Decodes an assignment (the buffer's position is not moved). An empty buffer is an empty
     * assignment: Kafka's coordinator sends zero bytes to a member the leader gave nothing to
     * (for example when the leader's assignor left a member out).
     */
    public static Assignment decodeAssignment(ByteBuffer bytes) {
        ByteBuffer buf = bytes.duplicate();
        if (!buf.hasRemaining()) {
            return new Assignment(List.of());
        }
        try {
            readVersion(buf);
            List<TopicPartition> parts = readTopicPartitions(buf);
            return new Assignment(parts, readBytes(buf));
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated consumer protocol assignment", e);
        }
    }

    // --- shared pieces, also used by the sticky assignors' user data -------------------------------

    static Map<String, List<Integer>> byTopic(List<TopicPartition> partitions) {
        Map<String, List<Integer>> m = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            m.computeIfAbsent(tp.topic(), k -> new ArrayList<>()).add(tp.partition());
        }
        return m;
    }

    static int topicPartitionsSize(Map<String, List<Integer>> m) {
        int size = 4;
        for (Map.Entry<String, List<Integer>> e : m.entrySet()) {
            size += stringSize(e.getKey()) + 4 + 4 * e.getValue().size();
        }
        return size;
    }

    static void putTopicPartitions(ByteBuffer buf, Map<String, List<Integer>> m) {
        buf.putInt(m.size());
        for (Map.Entry<String, List<Integer>> e : m.entrySet()) {
            putString(buf, e.getKey());
            buf.putInt(e.getValue().size());
            for (int p : e.getValue()) {
                buf.putInt(p);
            }
        }
    }

    static List<TopicPartition> readTopicPartitions(ByteBuffer buf) {
        int n = buf.getInt();
        checkCount(n, buf);
        List<TopicPartition> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String topic = readString(buf);
            int m = buf.getInt();
            checkCount(m, buf);
            for (int j = 0; j < m; j++) {
                out.add(new TopicPartition(topic, buf.getInt()));
            }
        }
        return out;
    }

    private static short readVersion(ByteBuffer buf) {
        short version = buf.getShort();
        if (version < 0) {
            throw new IllegalArgumentException("negative consumer protocol version " + version);
        }
        return version;
    }

    private static void checkVersion(short version, short latest) {
        if (version < 0 || version > latest) {
            throw new IllegalArgumentException("consumer protocol version " + version + " not in 0.." + latest);
        }
    }

    /** An array count must be non-negative and cannot exceed the bytes left (each element >= 1 byte). */
    private static void checkCount(int n, ByteBuffer buf) {
        if (n < 0 || n > buf.remaining()) {
            throw new IllegalArgumentException("bad array length " + n + " with " + buf.remaining() + " bytes left");
        }
    }

    static int stringSize(String s) {
        return 2 + s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int bytesSize(ByteBuffer b) {
        return 4 + (b == null ? 0 : b.remaining());
    }

    static void putString(ByteBuffer buf, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        buf.putShort((short) b.length);
        buf.put(b);
    }

    private static void putNullableString(ByteBuffer buf, String s) {
        if (s == null) {
            buf.putShort((short) -1);
        } else {
            putString(buf, s);
        }
    }

    private static void putBytes(ByteBuffer buf, ByteBuffer b) {
        if (b == null) {
            buf.putInt(-1);
        } else {
            buf.putInt(b.remaining());
            buf.put(b.duplicate());
        }
    }

    static String readString(ByteBuffer buf) {
        String s = readNullableString(buf);
        if (s == null) {
            throw new IllegalArgumentException("null string in a non-nullable field");
        }
        return s;
    }

    private static String readNullableString(ByteBuffer buf) {
        short len = buf.getShort();
        if (len < 0) {
            return null;
        }
        byte[] b = new byte[len];
        buf.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static ByteBuffer readBytes(ByteBuffer buf) {
        int len = buf.getInt();
        if (len < 0) {
            return null;
        }
        if (len > buf.remaining()) {
            throw new BufferUnderflowException();
        }
        ByteBuffer slice = buf.slice(buf.position(), len);
        buf.position(buf.position() + len);
        return slice;
    }
}
