package io.sluice.clients.consumer.assignor;

import io.sluice.clients.common.TopicPartition;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.StickyAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our subscription/assignment bytes against kafka-clients' ConsumerProtocol, byte for byte in both
 * directions and in every version, and the sticky assignors' user data against Kafka's assignors.
 */
class ConsumerProtocolCompatibilityTest {

    private static final List<TopicPartition> OWNED = List.of(new TopicPartition("orders", 0), new TopicPartition("orders", 3),
            new TopicPartition("payments-ü", 1));

    private static List<org.apache.kafka.common.TopicPartition> toKafka(List<TopicPartition> tps) {
        return tps.stream().map(tp -> new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition())).toList();
    }

    private static List<TopicPartition> fromKafka(List<org.apache.kafka.common.TopicPartition> tps) {
        return tps.stream().map(tp -> new TopicPartition(tp.topic(), tp.partition())).toList();
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    @Test
    void subscriptionBytesEqualKafkasInEveryVersion() {
        ByteBuffer userData = ByteBuffer.wrap("ud".getBytes(StandardCharsets.UTF_8));
        for (String rack : new String[] {null, "rack-a"}) {
            for (ByteBuffer ud : new ByteBuffer[] {null, userData}) {
                for (short v = 0; v <= 3; v++) {
                    Subscription ours = new Subscription(List.of("orders", "payments-ü"), ud, OWNED, 7, rack, null);
                    ConsumerPartitionAssignor.Subscription theirs = new ConsumerPartitionAssignor.Subscription(
                            List.of("orders", "payments-ü"), ud == null ? null : ud.duplicate(), toKafka(OWNED), 7, Optional.ofNullable(rack));
                    byte[] ourBytes = bytes(io.sluice.clients.consumer.assignor.ConsumerProtocol.encodeSubscription(ours, v));
                    assertThat(ourBytes).as("v%d rack %s ud %s", v, rack, ud).isEqualTo(bytes(ConsumerProtocol.serializeSubscription(theirs, v)));

                    ConsumerPartitionAssignor.Subscription decodedByKafka = ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(ourBytes));
                    assertThat(decodedByKafka.topics()).containsExactly("orders", "payments-ü");
                    assertThat(decodedByKafka.userData() == null ? null : bytes(decodedByKafka.userData()))
                            .isEqualTo(ud == null ? null : bytes(ud));
                    assertThat(fromKafka(decodedByKafka.ownedPartitions())).isEqualTo(v >= 1 ? OWNED : List.of());
                    assertThat(decodedByKafka.generationId()).isEqualTo(v >= 2 ? Optional.of(7) : Optional.empty());
                    assertThat(decodedByKafka.rackId()).isEqualTo(v >= 3 ? Optional.ofNullable(rack) : Optional.empty());

                    Subscription decodedByUs = io.sluice.clients.consumer.assignor.ConsumerProtocol.decodeSubscription(
                            ConsumerProtocol.serializeSubscription(theirs, v));
                    assertThat(decodedByUs.topics()).containsExactly("orders", "payments-ü");
                    assertThat(decodedByUs.ownedPartitions()).isEqualTo(v >= 1 ? OWNED : List.of());
                    assertThat(decodedByUs.generationId()).isEqualTo(v >= 2 ? 7 : -1);
                    assertThat(decodedByUs.rackId()).isEqualTo(v >= 3 ? rack : null);
                    assertThat(decodedByUs.userData() == null ? null : bytes(decodedByUs.userData())).isEqualTo(ud == null ? null : bytes(ud));
                }
            }
        }
    }

    @Test
    void defaultSubscriptionOfAFreshMemberEqualsKafkas() {
        Subscription ours = new Subscription(List.of("t"));
        byte[] theirs = bytes(ConsumerProtocol.serializeSubscription(new ConsumerPartitionAssignor.Subscription(List.of("t"))));
        assertThat(bytes(io.sluice.clients.consumer.assignor.ConsumerProtocol.encodeSubscription(ours))).isEqualTo(theirs);
    }

    @Test
    void aNewerVersionIsReadAsTheLatest() {
        ByteBuffer b = io.sluice.clients.consumer.assignor.ConsumerProtocol.encodeSubscription(
                new Subscription(List.of("t"), null, OWNED, 3, "r", null));
        ByteBuffer v9 = ByteBuffer.allocate(b.remaining() + 5).put(b.duplicate()).put(new byte[5]).flip();
        v9.putShort(0, (short) 9);
        Subscription s = io.sluice.clients.consumer.assignor.ConsumerProtocol.decodeSubscription(v9);
        assertThat(s.rackId()).isEqualTo("r");
        assertThat(ConsumerProtocol.deserializeSubscription(v9.duplicate()).rackId()).contains("r");
    }

    @Test
    void assignmentBytesEqualKafkasInEveryVersion() {
        ByteBuffer userData = ByteBuffer.wrap(new byte[] {1, 2, 3});
        for (ByteBuffer ud : new ByteBuffer[] {null, userData}) {
            for (short v = 0; v <= 3; v++) {
                Assignment ours = new Assignment(OWNED, ud);
                ConsumerPartitionAssignor.Assignment theirs = new ConsumerPartitionAssignor.Assignment(toKafka(OWNED), ud == null ? null : ud.duplicate());
                byte[] ourBytes = bytes(io.sluice.clients.consumer.assignor.ConsumerProtocol.encodeAssignment(ours, v));
                assertThat(ourBytes).isEqualTo(bytes(ConsumerProtocol.serializeAssignment(theirs, v)));
                assertThat(fromKafka(ConsumerProtocol.deserializeAssignment(ByteBuffer.wrap(ourBytes)).partitions())).isEqualTo(OWNED);
                Assignment back = io.sluice.clients.consumer.assignor.ConsumerProtocol.decodeAssignment(ConsumerProtocol.serializeAssignment(theirs, v));
                assertThat(back.partitions()).isEqualTo(OWNED);
                assertThat(back.userData() == null ? null : bytes(back.userData())).isEqualTo(ud == null ? null : bytes(ud));
            }
        }
        assertThat(io.sluice.clients.consumer.assignor.ConsumerProtocol.decodeAssignment(ByteBuffer.allocate(0)).partitions()).isEmpty();
    }

    @Test
    void stickyUserDataEqualsKafkasAndKafkaHonoursIt() {
        StickyAssignor kafka = new StickyAssignor();
        io.sluice.clients.consumer.assignor.StickyAssignor ours = new io.sluice.clients.consumer.assignor.StickyAssignor();
        assertThat(ours.subscriptionUserData(Set.of("orders"))).isNull();
        assertThat(kafka.subscriptionUserData(Set.of("orders"))).isNull();

        kafka.onAssignment(new ConsumerPartitionAssignor.Assignment(toKafka(OWNED)), new ConsumerGroupMetadata("g", 5, "m", Optional.empty()));
        ours.onAssignment(new Assignment(OWNED), 5);
        assertThat(bytes(ours.subscriptionUserData(Set.of("orders")))).isEqualTo(bytes(kafka.subscriptionUserData(Set.of("orders"))));

        StickyBalancer.Claim claim = io.sluice.clients.consumer.assignor.StickyAssignor.claimOf(new Subscription(List.of("orders"),
                kafka.subscriptionUserData(Set.of("orders")), List.of()));
        assertThat(claim.owned()).isEqualTo(OWNED);
        assertThat(claim.generation()).isEqualTo(5);
    }

    @Test
    void cooperativeUserDataEqualsKafkas() {
        CooperativeStickyAssignor kafka = new CooperativeStickyAssignor();
        io.sluice.clients.consumer.assignor.CooperativeStickyAssignor ours = new io.sluice.clients.consumer.assignor.CooperativeStickyAssignor();
        assertThat(bytes(ours.subscriptionUserData(Set.of("t")))).isEqualTo(bytes(kafka.subscriptionUserData(Set.of("t"))));
        kafka.onAssignment(new ConsumerPartitionAssignor.Assignment(List.of()), new ConsumerGroupMetadata("g", 12, "m", Optional.empty()));
        ours.onAssignment(new Assignment(List.of()), 12);
        assertThat(bytes(ours.subscriptionUserData(Set.of("t")))).isEqualTo(bytes(kafka.subscriptionUserData(Set.of("t"))));
    }

    /** A Kafka leader assigns from our members' subscription bytes, and keeps what our sticky member owned. */
    @Test
    void kafkaLeaderReadsOurSubscriptionsAndViceVersa() {
        Map<String, Integer> counts = Map.of("orders", 4, "payments-ü", 2);
        Cluster cluster = clusterOf(counts);
        for (String name : List.of("range", "roundrobin", "sticky", "cooperative-sticky")) {
            PartitionAssignor ours = Assignors.create(name);
            ConsumerPartitionAssignor kafka = kafkaAssignor(name);
            // Member a owns orders-0/orders-3 in generation 4 (through user data for eager sticky).
            List<TopicPartition> aOwned = List.of(new TopicPartition("orders", 0), new TopicPartition("orders", 3));
            ByteBuffer aUserData = name.equals("sticky") ? io.sluice.clients.consumer.assignor.StickyAssignor.encodeUserData(aOwned, 4)
                    : name.equals("cooperative-sticky") ? ByteBuffer.allocate(4).putInt(0, 4) : null;
            Map<String, Subscription> oursIn = new HashMap<>();
            oursIn.put("a", new Subscription(List.of("orders", "payments-ü"), aUserData, name.equals("sticky") ? List.of() : aOwned, 4, null, null));
            oursIn.put("b", new Subscription(List.of("orders", "payments-ü")));
            Map<String, ConsumerPartitionAssignor.Subscription> theirsIn = new HashMap<>();
            oursIn.forEach((m, s) -> theirsIn.put(m, ConsumerProtocol.deserializeSubscription(
                    io.sluice.clients.consumer.assignor.ConsumerProtocol.encodeSubscription(s))));
            Map<String, ConsumerPartitionAssignor.Assignment> kafkaResult =
                    kafka.assign(cluster, new ConsumerPartitionAssignor.GroupSubscription(theirsIn)).groupAssignment();
            Map<String, Assignment> ourResult = ours.assign(counts, oursIn);
            Set<TopicPartition> kafkaAll = new HashSet<>();
            Set<TopicPartition> ourAll = new HashSet<>();
            for (String m : List.of("a", "b")) {
                List<TopicPartition> k = fromKafka(ConsumerProtocol.deserializeAssignment(
                        ConsumerProtocol.serializeAssignment(kafkaResult.get(m))).partitions());
                kafkaAll.addAll(k);
                ourAll.addAll(io.sluice.clients.consumer.assignor.ConsumerProtocol.decodeAssignment(
                        io.sluice.clients.consumer.assignor.ConsumerProtocol.encodeAssignment(ourResult.get(m))).partitions());
                if (name.equals("range") || name.equals("roundrobin")) {
                    // Deterministic algorithms: the same answer as Kafka's.
                    assertThat(new HashSet<>(ourResult.get(m).partitions())).as(name + " " + m).isEqualTo(new HashSet<>(k));
                }
            }
            assertThat(kafkaAll).as(name).hasSize(6);
            assertThat(ourAll).as(name).hasSize(6);
            if (name.contains("sticky")) {
                assertThat(fromKafka(kafkaResult.get("a").partitions())).as("kafka " + name).containsAll(aOwned);
                assertThat(ourResult.get("a").partitions()).as("ours " + name).containsAll(aOwned);
            }
        }
    }

    static ConsumerPartitionAssignor kafkaAssignor(String name) {
        return switch (name) {
            case "range" -> new org.apache.kafka.clients.consumer.RangeAssignor();
            case "roundrobin" -> new org.apache.kafka.clients.consumer.RoundRobinAssignor();
            case "sticky" -> new StickyAssignor();
            default -> new CooperativeStickyAssignor();
        };
    }

    static Cluster clusterOf(Map<String, Integer> counts) {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> infos = new ArrayList<>();
        counts.forEach((t, n) -> {
            for (int p = 0; p < n; p++) {
                infos.add(new PartitionInfo(t, p, node, new Node[] {node}, new Node[] {node}));
            }
        });
        return new Cluster("c", List.of(node), infos, Set.of(), Set.of());
    }
}
