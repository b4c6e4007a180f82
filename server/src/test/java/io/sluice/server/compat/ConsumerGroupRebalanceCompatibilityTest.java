package io.sluice.server.compat;

import static io.sluice.server.compat.ConsumerGroupCompatibilityTest.admin;
import static io.sluice.server.compat.ConsumerGroupCompatibilityTest.consumerProps;
import static io.sluice.server.compat.ConsumerGroupCompatibilityTest.createTopics;
import static io.sluice.server.compat.ConsumerGroupCompatibilityTest.produce;
import static io.sluice.server.compat.ConsumerGroupCompatibilityTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.server.cluster.SluiceTestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.consumer.StickyAssignor;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.GroupSubscribedToTopicException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Groups of several subscribing members with the official client: partitions are split among them,
 * members that leave (LeaveGroup on close) or die (a child JVM killed outright, found by its session
 * timeout) have their partitions taken over with no record lost, every built-in assignor works, and the
 * Admin group APIs see the real membership.
 */
class ConsumerGroupRebalanceCompatibilityTest {

    private static SluiceTestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = SluiceTestCluster.start(1, Map.of("offsets.topic.num.partitions", "4"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Set<TopicPartition> partitions(String topic, int count) {
        Set<TopicPartition> all = new HashSet<>();
        for (int i = 0; i < count; i++) {
            all.add(new TopicPartition(topic, i));
        }
        return all;
    }

    /** The members' assignments are disjoint, cover {@code all}, and every member has some. */
    private static boolean splitAmong(Set<TopicPartition> all, List<GroupMemberThread> members) {
        Set<TopicPartition> union = new HashSet<>();
        int total = 0;
        for (GroupMemberThread member : members) {
            Set<TopicPartition> mine = member.assignment();
            if (mine.isEmpty()) {
                return false;
            }
            union.addAll(mine);
            total += mine.size();
        }
        return union.equals(all) && total == all.size();
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ConsumerGroupDescription describe(Admin admin, String group) {
        try {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void membersSplitPartitionsAndTakeOverFromOneThatLeavesAndOneThatDies() throws Exception {
        String topic = "split";
        String group = "split-group";
        int partitionCount = 6;
        createTopics(cluster, partitionCount, topic);
        Set<TopicPartition> all = partitions(topic, partitionCount);
        Set<String> read = GroupMemberThread.newReadSet();
        Path childOutput = Files.createTempFile("group-member", ".log");
        Process child = null;
        try (Admin admin = admin(cluster);
             GroupMemberThread a = new GroupMemberThread("member-a", consumerProps(cluster, group), List.of(topic), read)) {
            GroupMemberThread b = new GroupMemberThread("member-b", consumerProps(cluster, group), List.of(topic), read);
            waitUntil("two members split the partitions", () -> splitAmong(all, List.of(a, b)),
                    ConsumerGroupRebalanceCompatibilityTest::pause);
            assertThat(a.assignment()).hasSize(3);

            // The third member runs in its own JVM, so that it can die without leaving.
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    GroupMemberProcess.class.getName(), cluster.bootstrapServers(), group, topic, "6000")
                    .redirectErrorStream(true).redirectOutput(childOutput.toFile()).start();
            waitUntil("three members split the partitions", () -> {
                ConsumerGroupDescription d = describe(admin, group);
                return d.state() == ConsumerGroupState.STABLE && d.members().size() == 3
                        && d.members().stream().allMatch(m -> m.assignment().topicPartitions().size() == 2)
                        && a.assignment().size() == 2 && b.assignment().size() == 2;
            }, ConsumerGroupRebalanceCompatibilityTest::pause);
            List<String> produced = new ArrayList<>(produce(cluster, topic, partitionCount, 0, 300));

            b.close(); // leaves the group
            waitUntil("the remaining two members split the partitions", () -> {
                ConsumerGroupDescription d = describe(admin, group);
                return d.state() == ConsumerGroupState.STABLE && d.members().size() == 2
                        && a.assignment().size() == 3;
            }, ConsumerGroupRebalanceCompatibilityTest::pause);

            child.destroyForcibly().waitFor(); // dies: only its session timeout tells
            waitUntil("the last member took every partition", () -> a.assignment().equals(all),
                    ConsumerGroupRebalanceCompatibilityTest::pause);
            produced.addAll(produce(cluster, topic, partitionCount, 300, 300));
            // what the dead member committed is not read again: count what it printed (before committing)
            waitUntil("every record was read", () -> {
                Set<String> union = new HashSet<>(read);
                try {
                    for (String line : Files.readAllLines(childOutput)) {
                        if (line.startsWith("record ")) {
                            union.add(line.substring("record ".length()));
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return union.containsAll(produced);
            }, ConsumerGroupRebalanceCompatibilityTest::pause);
            assertThat(a.failure()).isNull();
            ConsumerGroupDescription d = describe(admin, group);
            assertThat(d.members()).singleElement().satisfies(m ->
                    assertThat(m.assignment().topicPartitions()).isEqualTo(all));
        } finally {
            if (child != null) {
                child.destroyForcibly();
            }
            Files.deleteIfExists(childOutput);
        }
    }

    @Test
    void everyBuiltInAssignorSplitsPartitionsAmongMembers() throws Exception {
        String topic = "assignors";
        int partitionCount = 5;
        createTopics(cluster, partitionCount, topic);
        Set<TopicPartition> all = partitions(topic, partitionCount);
        List<String> produced = produce(cluster, topic, partitionCount, 0, 50);
        Map<String, String> assignors = Map.of(
                "range", RangeAssignor.class.getName(),
                "roundrobin", RoundRobinAssignor.class.getName(),
                "sticky", StickyAssignor.class.getName(),
                "cooperative-sticky", CooperativeStickyAssignor.class.getName());
        // One group per assignor, all rebalancing at the same time.
        Map<String, List<GroupMemberThread>> groups = new java.util.LinkedHashMap<>();
        Map<String, Set<String>> reads = new java.util.HashMap<>();
        assignors.keySet().forEach(name -> {
            groups.put(name, new ArrayList<>());
            reads.put(name, GroupMemberThread.newReadSet());
        });
        try (Admin admin = admin(cluster)) {
            for (int i = 0; i < 3; i++) {
                for (Map.Entry<String, String> assignor : assignors.entrySet()) {
                    String group = "assignor-" + assignor.getKey();
                    Properties props = consumerProps(cluster, group);
                    props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor.getValue());
                    groups.get(assignor.getKey()).add(new GroupMemberThread(group + "-" + i, props, List.of(topic),
                            reads.get(assignor.getKey())));
                }
                int size = i + 1;
                waitUntil("every assignor splits among " + size + " members", () -> groups.values().stream()
                        .allMatch(members -> splitAmong(all, members)), ConsumerGroupRebalanceCompatibilityTest::pause);
            }
            waitUntil("every group read everything", () -> reads.values().stream()
                    .allMatch(read -> read.containsAll(produced)), ConsumerGroupRebalanceCompatibilityTest::pause);
            for (String name : assignors.keySet()) {
                ConsumerGroupDescription d = describe(admin, "assignor-" + name);
                assertThat(d.state()).isEqualTo(ConsumerGroupState.STABLE);
                assertThat(d.partitionAssignor()).isEqualTo(name);
                assertThat(d.members()).hasSize(3);
                groups.get(name).get(0).close();
            }
            waitUntil("every assignor splits among the two left", () -> groups.values().stream()
                    .allMatch(members -> splitAmong(all, members.subList(1, 3))),
                    ConsumerGroupRebalanceCompatibilityTest::pause);
        } finally {
            for (List<GroupMemberThread> members : groups.values()) {
                for (GroupMemberThread member : members) {
                    member.close();
                }
            }
        }
        for (List<GroupMemberThread> members : groups.values()) {
            for (GroupMemberThread member : members) {
                assertThat(member.failure()).isNull();
            }
        }
    }

    @Test
    void adminSeesMembersAndRefusesToDeleteOrAlterAnActiveGroup() throws Exception {
        String topic = "admin-groups";
        String group = "admin-group";
        createTopics(cluster, 2, topic);
        List<String> produced = produce(cluster, topic, 2, 0, 20);
        Set<TopicPartition> all = partitions(topic, 2);
        Set<String> read = GroupMemberThread.newReadSet();
        try (Admin admin = admin(cluster)) {
            GroupMemberThread a = new GroupMemberThread("admin-a", consumerProps(cluster, group), List.of(topic), read);
            GroupMemberThread b = new GroupMemberThread("admin-b", consumerProps(cluster, group), List.of(topic), read);
            try {
                waitUntil("two members split the partitions", () -> splitAmong(all, List.of(a, b))
                        && read.containsAll(produced), ConsumerGroupRebalanceCompatibilityTest::pause);
                waitUntil("the group is Stable with both members", () -> {
                    ConsumerGroupDescription d = describe(admin, group);
                    return d.state() == ConsumerGroupState.STABLE && d.members().size() == 2;
                }, ConsumerGroupRebalanceCompatibilityTest::pause);
                ConsumerGroupDescription d = describe(admin, group);
                assertThat(d.isSimpleConsumerGroup()).isFalse();
                assertThat(d.partitionAssignor()).isNotEmpty();
                Set<TopicPartition> described = new HashSet<>();
                for (MemberDescription m : d.members()) {
                    assertThat(m.clientId()).isNotEmpty();
                    assertThat(m.host()).contains("127.0.0.1");
                    assertThat(m.assignment().topicPartitions()).hasSize(1);
                    described.addAll(m.assignment().topicPartitions());
                }
                assertThat(described).isEqualTo(all);
                assertThat(d.members()).extracting(MemberDescription::consumerId)
                        .doesNotHaveDuplicates().allMatch(id -> id.startsWith("consumer-" + group));

                Set<String> listed = new HashSet<>();
                for (ConsumerGroupListing listing : admin.listConsumerGroups().all().get()) {
                    if (listing.groupId().equals(group)) {
                        assertThat(listing.state()).contains(ConsumerGroupState.STABLE);
                        assertThat(listing.isSimpleConsumerGroup()).isFalse();
                    }
                    listed.add(listing.groupId());
                }
                assertThat(listed).contains(group);

                waitUntil("the members committed everything", () -> {
                    try {
                        Map<TopicPartition, OffsetAndMetadata> offsets =
                                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                        return offsets.size() == 2 && offsets.values().stream().allMatch(o -> o.offset() == 10);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }, ConsumerGroupRebalanceCompatibilityTest::pause);

                assertThatThrownBy(() -> admin.deleteConsumerGroups(List.of(group)).all().get())
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(GroupNotEmptyException.class);
                // the offsets of a topic the active group subscribes to cannot be deleted
                assertThatThrownBy(() -> admin.deleteConsumerGroupOffsets(group,
                        Set.of(new TopicPartition(topic, 0))).all().get())
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(GroupSubscribedToTopicException.class);
                // Admin commits with generation -1: refused while the group has members
                assertThatThrownBy(() -> admin.alterConsumerGroupOffsets(group,
                        Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(3))).all().get())
                        .isInstanceOf(ExecutionException.class);
            } finally {
                a.close();
                b.close();
            }
            waitUntil("the group is Empty", () -> describe(admin, group).state() == ConsumerGroupState.EMPTY,
                    ConsumerGroupRebalanceCompatibilityTest::pause);
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(3)))
                    .all().get();
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(topic, 0)).offset()).isEqualTo(3);
            assertThat(admin.listConsumerGroups().all().get()).anySatisfy(listing -> {
                assertThat(listing.groupId()).isEqualTo(group);
                assertThat(listing.state()).contains(ConsumerGroupState.EMPTY);
            });
            admin.deleteConsumerGroupOffsets(group, Set.of(new TopicPartition(topic, 1))).all().get();
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get())
                    .containsOnlyKeys(new TopicPartition(topic, 0));
            admin.deleteConsumerGroups(List.of(group)).all().get();
            assertThat(admin.listConsumerGroups().all().get()).noneMatch(l -> l.groupId().equals(group));
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()).isEmpty();
        }
    }
}
