package io.sluice.clients.consumer.assignor;

import io.sluice.clients.common.TopicPartition;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties every assignor promises, over random groups (jqwik; a failing seed is reported). */
class AssignorPropertiesTest {

    private static final List<String> NAMES = List.of("range", "roundrobin", "sticky", "cooperative-sticky");

    /** A random group: topic partition counts and member subscriptions (equal or not). */
    record Group(Map<String, Integer> counts, Map<String, Subscription> subs) {
    }

    static Group randomGroup(Random r, boolean equalSubscriptions) {
        Map<String, Integer> counts = new TreeMap<>();
        int topics = 1 + r.nextInt(4);
        for (int t = 0; t < topics; t++) {
            counts.put("t" + t, 1 + r.nextInt(12));
        }
        Map<String, Subscription> subs = new HashMap<>();
        int members = 1 + r.nextInt(8);
        List<String> all = new ArrayList<>(counts.keySet());
        if (r.nextInt(4) == 0) {
            all.add("missing-topic"); // subscribed but not in metadata: must be ignored
        }
        for (int m = 0; m < members; m++) {
            List<String> topicsOf = new ArrayList<>(all);
            if (!equalSubscriptions) {
                topicsOf.removeIf(t -> r.nextBoolean());
                if (topicsOf.isEmpty()) {
                    topicsOf.add(all.get(r.nextInt(all.size())));
                }
            }
            String instance = r.nextInt(3) == 0 ? "static-" + r.nextInt(100) + "-" + m : null;
            subs.put("member-" + Long.toHexString(r.nextLong()), new Subscription(topicsOf, null, List.of(), -1, null, instance));
        }
        return new Group(counts, subs);
    }

    static Map<String, List<TopicPartition>> run(PartitionAssignor a, Group g) {
        Map<String, Assignment> out = a.assign(g.counts(), g.subs());
        assertThat(out.keySet()).isEqualTo(g.subs().keySet());
        Map<String, List<TopicPartition>> m = new HashMap<>();
        out.forEach((k, v) -> m.put(k, v.partitions()));
        return m;
    }

    /** Every partition of a subscribed, existing topic goes to exactly one member subscribed to it. */
    static void assertExactlyOnce(Group g, Map<String, List<TopicPartition>> result) {
        Set<String> subscribed = new HashSet<>();
        g.subs().values().forEach(s -> subscribed.addAll(s.topics()));
        Map<TopicPartition, String> owner = new HashMap<>();
        result.forEach((m, parts) -> {
            for (TopicPartition tp : parts) {
                assertThat(owner.put(tp, m)).as("%s assigned twice", tp).isNull();
                assertThat(g.subs().get(m).topics()).contains(tp.topic());
            }
        });
        int expected = 0;
        for (String t : subscribed) {
            expected += g.counts().getOrDefault(t, 0);
        }
        assertThat(owner).hasSize(expected);
    }

    static int spread(Map<String, List<TopicPartition>> result) {
        int max = result.values().stream().mapToInt(List::size).max().orElse(0);
        int min = result.values().stream().mapToInt(List::size).min().orElse(0);
        return max - min;
    }

    @Property(tries = 300)
    void equalSubscriptionsAssignEveryPartitionOnceAndBalance(@ForAll long seed) {
        Group g = randomGroup(new Random(seed), true);
        for (String name : NAMES) {
            Map<String, List<TopicPartition>> result = run(Assignors.create(name), g);
            assertExactlyOnce(g, result);
            if (!name.equals("range")) {
                assertThat(spread(result)).as(name).isLessThanOrEqualTo(1);
            }
        }
    }

    @Property(tries = 300)
    void unequalSubscriptionsAssignEveryPartitionOnceToASubscriber(@ForAll long seed) {
        Group g = randomGroup(new Random(seed), false);
        for (String name : NAMES) {
            assertExactlyOnce(g, run(Assignors.create(name), g));
        }
    }

    /** Sticky with unequal subscriptions: no partition could move to an eligible member two lighter. */
    @Property(tries = 300)
    void stickyIsLocallyBalancedWithUnequalSubscriptions(@ForAll long seed) {
        Group g = randomGroup(new Random(seed), false);
        for (String name : List.of("sticky", "cooperative-sticky")) {
            Map<String, List<TopicPartition>> result = run(Assignors.create(name), g);
            result.forEach((from, parts) -> {
                for (TopicPartition tp : parts) {
                    for (Map.Entry<String, List<TopicPartition>> to : result.entrySet()) {
                        if (g.subs().get(to.getKey()).topics().contains(tp.topic())) {
                            assertThat(parts.size() - to.getValue().size()).as("%s could move %s", name, tp).isLessThan(2);
                        }
                    }
                }
            });
        }
    }

    /** Range: per topic, each member's partitions are one contiguous run, sizes differ by <= 1, in member order. */
    @Property(tries = 300)
    void rangeGivesContiguousPerTopicRanges(@ForAll long seed) {
        Group g = randomGroup(new Random(seed), seed % 2 == 0);
        Map<String, List<TopicPartition>> result = run(new RangeAssignor(), g);
        List<String> order = MemberOrder.sorted(g.subs());
        for (String topic : g.counts().keySet()) {
            int expectedStart = 0;
            List<Integer> sizes = new ArrayList<>();
            for (String m : order) {
                if (!g.subs().get(m).topics().contains(topic)) {
                    continue;
                }
                List<Integer> mine = result.get(m).stream().filter(tp -> tp.topic().equals(topic)).map(TopicPartition::partition).sorted().toList();
                for (int i = 0; i < mine.size(); i++) {
                    assertThat(mine.get(i)).isEqualTo(expectedStart + i);
                }
                expectedStart += mine.size();
                sizes.add(mine.size());
            }
            if (!sizes.isEmpty()) {
                assertThat(sizes.get(0) - sizes.get(sizes.size() - 1)).isBetween(0, 1);
            }
        }
    }

    /** Membership changes: a surviving member keeps min(previous, floor(P / M)) of its partitions. */
    @Property(tries = 300)
    void stickyKeepsOwnedPartitionsWhenMembershipChanges(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3) int leave,
                                                         @ForAll @IntRange(min = 0, max = 3) int join) {
        Random r = new Random(seed);
        Group g = randomGroup(r, true);
        for (String name : List.of("sticky", "cooperative-sticky")) {
            PartitionAssignor assignor = Assignors.create(name);
            Map<String, List<TopicPartition>> first = run(assignor, g);
            Map<String, Subscription> next = new HashMap<>();
            List<String> members = new ArrayList<>(MemberOrder.sorted(g.subs()));
            java.util.Collections.shuffle(members, r);
            List<String> topics = g.subs().values().iterator().next().topics();
            for (int i = Math.min(leave, members.size() - 1); i < members.size(); i++) {
                String m = members.get(i);
                next.put(m, claimAs(name, topics, first.get(m), 1, g.subs().get(m).groupInstanceId()));
            }
            for (int j = 0; j < join; j++) {
                next.put("new-" + j, new Subscription(topics));
            }
            Group g2 = new Group(g.counts(), next);
            Map<String, List<TopicPartition>> second = run(assignor, g2);
            int total = first.values().stream().mapToInt(List::size).sum();
            int floor = total / next.size();
            for (String m : next.keySet()) {
                List<TopicPartition> before = first.getOrDefault(m, List.of());
                long kept = second.get(m).stream().filter(before::contains).count();
                assertThat(kept).as("%s member %s", name, m).isGreaterThanOrEqualTo(Math.min(before.size(), floor));
            }
            if (name.equals("sticky")) {
                assertExactlyOnce(g2, second);
                assertThat(spread(second)).isLessThanOrEqualTo(1);
            } else {
                assertCooperativeTwoPhases(assignor, g2, first, second);
            }
        }
    }

    /**
     * Cooperative: the first rebalance never gives a member a partition another member still owns;
     * after the owners revoke what they lost and everyone rejoins, the second rebalance assigns
     * every partition exactly once, balanced, without taking anything away.
     */
    static void assertCooperativeTwoPhases(PartitionAssignor assignor, Group g2, Map<String, List<TopicPartition>> owners,
                                           Map<String, List<TopicPartition>> phase1) {
        phase1.forEach((m, parts) -> {
            for (TopicPartition tp : parts) {
                owners.forEach((o, ownedByO) -> {
                    if (!o.equals(m) && g2.subs().containsKey(o)) {
                        assertThat(ownedByO).as("%s given to %s while %s owns it", tp, m, o).doesNotContain(tp);
                    }
                });
            }
        });
        Map<String, Subscription> rejoin = new HashMap<>();
        List<String> topics = g2.subs().values().iterator().next().topics();
        g2.subs().forEach((m, s) -> rejoin.put(m, claimAs("cooperative-sticky", topics, phase1.get(m), 2, s.groupInstanceId())));
        Group g3 = new Group(g2.counts(), rejoin);
        Map<String, List<TopicPartition>> phase2 = run(assignor, g3);
        assertExactlyOnce(g3, phase2);
        assertThat(spread(phase2)).isLessThanOrEqualTo(1);
        phase1.forEach((m, parts) -> assertThat(phase2.get(m)).containsAll(parts));
    }

    /** What a member that owns {@code owned} since {@code generation} sends with this assignor. */
    static Subscription claimAs(String name, List<String> topics, List<TopicPartition> owned, int generation, String instance) {
        if (name.equals("sticky")) {
            ByteBuffer ud = StickyAssignor.encodeUserData(owned, generation);
            return new Subscription(topics, ud, List.of(), -1, null, instance);
        }
        return new Subscription(topics, ByteBuffer.allocate(4).putInt(0, generation), owned, generation, null, instance);
    }

    @Test
    void conflictingClaimsOfTheSameGenerationAreNeitherKeptNorLost() {
        Map<String, Subscription> subs = new HashMap<>();
        List<TopicPartition> both = List.of(new TopicPartition("t", 0));
        subs.put("a", new Subscription(List.of("t"), null, both, 3, null, null));
        subs.put("b", new Subscription(List.of("t"), null, both, 3, null, null));
        Map<String, Assignment> coop = new CooperativeStickyAssignor().assign(Map.of("t", 2), subs);
        // t-0 is claimed twice: neither may get it until the other gives it up; t-1 is free.
        assertThat(coop.get("a").partitions()).doesNotContain(both.get(0));
        assertThat(coop.get("b").partitions()).doesNotContain(both.get(0));
        assertThat(coop.get("a").partitions().size() + coop.get("b").partitions().size()).isEqualTo(1);
    }

    @Test
    void higherGenerationClaimWins() {
        Map<String, Subscription> subs = new HashMap<>();
        TopicPartition tp = new TopicPartition("t", 0);
        subs.put("stale", new Subscription(List.of("t"), null, List.of(tp), 2, null, null));
        subs.put("current", new Subscription(List.of("t"), null, List.of(tp), 5, null, null));
        Map<String, Assignment> coop = new CooperativeStickyAssignor().assign(Map.of("t", 2), subs);
        assertThat(coop.get("current").partitions()).contains(tp);
        assertThat(coop.get("stale").partitions()).containsExactly(new TopicPartition("t", 1));
    }

    @Test
    void protocolIsTheHighestAllAssignorsSupport() {
        assertThat(Assignors.protocolOf(Assignors.createAll(Assignors.DEFAULT_STRATEGY))).isEqualTo(RebalanceProtocol.EAGER);
        assertThat(Assignors.protocolOf(Assignors.createAll(List.of("cooperative-sticky")))).isEqualTo(RebalanceProtocol.COOPERATIVE);
        assertThat(Assignors.create("org.apache.kafka.clients.consumer.RoundRobinAssignor").name()).isEqualTo("roundrobin");
        assertThat(Assignors.create("org.apache.kafka.clients.consumer.CooperativeStickyAssignor").name()).isEqualTo("cooperative-sticky");
    }
}
