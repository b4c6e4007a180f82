package io.sluice.clients.it;

import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.consumer.ConsumerRebalanceListener;
import io.sluice.clients.consumer.ConsumerRecord;
import io.sluice.clients.consumer.OffsetAndMetadata;
import io.sluice.clients.consumer.SluiceConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.sluice.clients.it.ConsumerTestSupport.consumerProps;
import static io.sluice.clients.it.ConsumerTestSupport.partitions;
import static io.sluice.clients.it.ConsumerTestSupport.pollUntil;
import static io.sluice.clients.it.ConsumerTestSupport.produce;
import static io.sluice.clients.it.ConsumerTestSupport.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our consumer in consumer groups (subscribe()) against Sluice and Apache Kafka 3.9: auto-commit,
 * several of our consumers sharing and taking over partitions, a group mixing ours with Kafka's
 * official consumer, and the max.poll.interval.ms eviction.
 */
class ConsumerGroupTest extends Brokers.PerClass {

    @Override
    protected Map<String, String> brokerConfig() {
        return Map.of("group.initial.rebalance.delay.ms", "0");
    }

    static Stream<Arguments> brokersAndStrategies() {
        List<Arguments> out = new ArrayList<>();
        for (BrokerUnderTest kind : BrokerUnderTest.values()) {
            out.add(Arguments.of(kind, "range"));
            out.add(Arguments.of(kind, "cooperative-sticky"));
        }
        return out.stream();
    }

    /** A listener that records what it was told, for assertions. */
    static final class RecordingListener implements ConsumerRebalanceListener {
        final List<Collection<TopicPartition>> assigned = new CopyOnWriteArrayList<>();
        final List<Collection<TopicPartition>> revoked = new CopyOnWriteArrayList<>();
        final List<Collection<TopicPartition>> lost = new CopyOnWriteArrayList<>();

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            revoked.add(List.copyOf(partitions));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned.add(List.copyOf(partitions));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            lost.add(List.copyOf(partitions));
        }
    }

    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void subscribeWithAutoCommitReadsEverythingAndCommitsTheEndOffsets(BrokerUnderTest kind) throws Exception {
        TestBroker broker = broker(kind);
        String topic = "group-autocommit-" + kind;
        String group = "g-autocommit-" + kind;
        broker.createTopic(topic, 4);
        List<String> expected = produce(broker, topic, 4, 200, "ac", "snappy");
        Properties props = consumerProps(broker, group);
        props.setProperty("enable.auto.commit", "true");
        props.setProperty("auto.commit.interval.ms", "100");
        RecordingListener listener = new RecordingListener();
        Map<TopicPartition, Long> ends;
        try (SluiceConsumer<String, String> consumer = new SluiceConsumer<>(props)) {
            consumer.subscribe(List.of(topic), listener);
            List<ConsumerRecord<String, String>> records = pollUntil(consumer, expected.size(), 500);
            assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(consumer.assignment()).containsExactlyInAnyOrderElementsOf(partitions(topic, 4));
            assertThat(listener.assigned).isNotEmpty();
            ends = consumer.endOffsets(partitions(topic, 4));
        }
        // close() committed the positions: the end offsets, seen by a new consumer and by Kafka's Admin.
        try (SluiceConsumer<String, String> after = new SluiceConsumer<>(consumerProps(broker, group))) {
            Map<TopicPartition, OffsetAndMetadata> committed = after.committed(new HashSet<>(partitions(topic, 4)));
            ends.forEach((tp, end) -> assertThat(committed.get(tp).offset()).as("%s", tp).isEqualTo(end));
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> viaAdmin =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(60, TimeUnit.SECONDS);
            ends.forEach((tp, end) -> assertThat(viaAdmin.get(new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition())).offset())
                    .isEqualTo(end));
        }
    }

    /** Three of our consumers split six partitions; when one closes, the other two take over its partitions. */
    @ParameterizedTest
    @MethodSource("brokersAndStrategies")
    void ourConsumersSplitPartitionsAndTakeOverAfterClose(BrokerUnderTest kind, String strategy) {
        TestBroker broker = broker(kind);
        String topic = "group-split-" + strategy + "-" + kind;
        String group = "g-split-" + strategy + "-" + kind;
        broker.createTopic(topic, 6);
        List<SluiceConsumer<String, String>> consumers = new ArrayList<>();
        List<RecordingListener> listeners = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try {
            for (int i = 0; i < 3; i++) {
                Properties props = consumerProps(broker, group);
                props.setProperty("partition.assignment.strategy", strategy);
                props.setProperty("auto.commit.interval.ms", "200");
                SluiceConsumer<String, String> c = new SluiceConsumer<>(props);
                RecordingListener l = new RecordingListener();
                c.subscribe(List.of(topic), l);
                consumers.add(c);
                listeners.add(l);
            }
            Runnable pollAll = () -> consumers.forEach(c -> c.poll(Duration.ofMillis(50)).forEach(r -> seen.add(r.value())));
            waitFor(() -> splitsAll(consumers, topic, 6, 3), pollAll, "three consumers sharing six partitions");
            List<String> first = produce(broker, topic, 6, 300, "split", "none");
            waitFor(() -> seen.containsAll(first), pollAll, "all records of the first batch");

            // From here on, a cooperative survivor must only gain partitions.
            listeners.forEach(l -> l.revoked.clear());
            SluiceConsumer<String, String> leaving = consumers.remove(2);
            leaving.close();
            waitFor(() -> splitsAll(consumers, topic, 6, 2), pollAll, "two consumers taking over six partitions");
            List<String> second = produce(broker, topic, 6, 120, "after", "none");
            waitFor(() -> seen.containsAll(second), pollAll, "all records produced after the close");
            if (strategy.equals("cooperative-sticky")) {
                // Cooperative: the survivors did not give up a partition when the third member left.
                for (int i = 0; i < 2; i++) {
                    Set<TopicPartition> revoked = new HashSet<>();
                    listeners.get(i).revoked.forEach(revoked::addAll);
                    assertThat(revoked).as("consumer %d revoked", i).isEmpty();
                }
            }
        } finally {
            consumers.forEach(SluiceConsumer::close);
        }
    }

    private static boolean splitsAll(List<SluiceConsumer<String, String>> consumers, String topic, int partitions, int members) {
        Set<TopicPartition> union = new HashSet<>();
        int total = 0;
        for (SluiceConsumer<String, String> c : consumers) {
            Set<TopicPartition> mine = c.assignment();
            if (mine.isEmpty()) {
                return false;
            }
            union.addAll(mine);
            total += mine.size();
        }
        return consumers.size() == members && total == partitions && union.equals(new HashSet<>(partitions(topic, partitions)));
    }

    static Stream<Arguments> mixedGroupCases() {
        List<Arguments> out = new ArrayList<>();
        for (BrokerUnderTest kind : BrokerUnderTest.values()) {
            for (String strategy : List.of("range", "cooperative-sticky")) {
                out.add(Arguments.of(kind, strategy, false));
                out.add(Arguments.of(kind, strategy, true));
            }
        }
        return out.stream();
    }

    /**
     * Our consumer and Kafka's official consumer in one group with the same assignor share the
     * partitions. The one that joins first owns everything alone and stays the group leader when
     * the other joins, so each direction is covered: Kafka's leader decoding our subscription and
     * assigning to us, and our leader decoding Kafka's subscription (owned partitions, generation,
     * user data) and assigning to it.
     */
    @ParameterizedTest
    @MethodSource("mixedGroupCases")
    void mixedGroupWithTheOfficialConsumer(BrokerUnderTest kind, String strategy, boolean officialLeads) {
        TestBroker broker = broker(kind);
        String suffix = strategy + "-" + (officialLeads ? "official-leads" : "ours-leads") + "-" + kind;
        String topic = "group-mixed-" + suffix;
        String group = "g-mixed-" + suffix;
        broker.createTopic(topic, 4);
        Properties ours = consumerProps(broker, group);
        ours.setProperty("partition.assignment.strategy", strategy);
        Properties theirs = consumerProps(broker, group);
        theirs.setProperty("partition.assignment.strategy", strategy.equals("range")
                ? org.apache.kafka.clients.consumer.RangeAssignor.class.getName()
                : org.apache.kafka.clients.consumer.CooperativeStickyAssignor.class.getName());
        Set<String> seen = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        try (SluiceConsumer<String, String> a = new SluiceConsumer<>(ours);
             KafkaConsumer<String, String> b = new KafkaConsumer<>(theirs)) {
            Runnable pollOurs = () -> a.poll(Duration.ofMillis(50)).forEach(r -> {
                if (!seen.add(r.value())) {
                    duplicates.add(r.value());
                }
            });
            Runnable pollTheirs = () -> b.poll(Duration.ofMillis(50)).forEach(r -> {
                if (!seen.add(r.value())) {
                    duplicates.add(r.value());
                }
            });
            if (officialLeads) {
                b.subscribe(List.of(topic));
                waitFor(() -> b.assignment().size() == 4, pollTheirs, "the official consumer alone owning four partitions");
                a.subscribe(List.of(topic));
            } else {
                a.subscribe(List.of(topic));
                waitFor(() -> a.assignment().size() == 4, pollOurs, "our consumer alone owning four partitions");
                b.subscribe(List.of(topic));
            }
            Runnable pollBoth = () -> {
                pollOurs.run();
                pollTheirs.run();
            };
            waitFor(() -> {
                Set<TopicPartition> mine = a.assignment();
                Set<TopicPartition> official = new HashSet<>();
                b.assignment().forEach(tp -> official.add(new TopicPartition(tp.topic(), tp.partition())));
                Set<TopicPartition> union = new HashSet<>(mine);
                union.addAll(official);
                return mine.size() == 2 && official.size() == 2 && union.size() == 4;
            }, pollBoth, "our consumer and the official consumer sharing four partitions");
            List<String> values = produce(broker, topic, 4, 200, "mixed", "gzip");
            waitFor(() -> seen.containsAll(values), pollBoth, "every record consumed by one of the two");
            assertThat(duplicates).isEmpty();
            assertThat(a.assignment()).hasSize(2);
            assertThat(b.assignment()).hasSize(2);
        }
    }

    /** A consumer that stops polling for longer than max.poll.interval.ms leaves; the other gets everything; it comes back. */
    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void pollTimeoutLeavesTheGroupAndTheMemberRejoinsAfterwards(BrokerUnderTest kind) {
        TestBroker broker = broker(kind);
        String topic = "group-polltimeout-" + kind;
        String group = "g-polltimeout-" + kind;
        broker.createTopic(topic, 2);
        Properties slowProps = consumerProps(broker, group);
        slowProps.setProperty("max.poll.interval.ms", "3000");
        slowProps.setProperty("heartbeat.interval.ms", "500");
        Properties fastProps = consumerProps(broker, group);
        fastProps.setProperty("heartbeat.interval.ms", "500");
        RecordingListener slowListener = new RecordingListener();
        try (SluiceConsumer<String, String> slow = new SluiceConsumer<>(slowProps);
             SluiceConsumer<String, String> fast = new SluiceConsumer<>(fastProps)) {
            slow.subscribe(List.of(topic), slowListener);
            fast.subscribe(List.of(topic));
            Runnable pollBoth = () -> {
                slow.poll(Duration.ofMillis(50));
                fast.poll(Duration.ofMillis(50));
            };
            waitFor(() -> slow.assignment().size() == 1 && fast.assignment().size() == 1, pollBoth, "one partition each");
            // Only the fast one polls now: the slow one's heartbeat thread leaves the group after 3 s.
            waitFor(() -> fast.assignment().size() == 2, () -> fast.poll(Duration.ofMillis(100)), "the polling member owning both partitions");
            slow.poll(Duration.ofMillis(100));
            assertThat(slowListener.lost).as("partitions reported lost after the eviction").isNotEmpty();
            waitFor(() -> slow.assignment().size() == 1 && fast.assignment().size() == 1, pollBoth, "the evicted member back in the group");
        }
    }

    /**
     * A static member (group.instance.id) that closes sends no LeaveGroup; restarted with the same
     * instance id it gets its partitions back without a rebalance, so the other member keeps its own
     * partitions without any revocation.
     */
    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void staticMemberRestartsWithoutARebalance(BrokerUnderTest kind) {
        TestBroker broker = broker(kind);
        String topic = "group-static-" + kind;
        String group = "g-static-" + kind;
        broker.createTopic(topic, 4);
        Properties staticProps = consumerProps(broker, group);
        staticProps.setProperty("group.instance.id", "static-1");
        staticProps.setProperty("partition.assignment.strategy", "range");
        Properties dynamicProps = consumerProps(broker, group);
        dynamicProps.setProperty("partition.assignment.strategy", "range");
        RecordingListener dynamicListener = new RecordingListener();
        try (SluiceConsumer<String, String> dynamic = new SluiceConsumer<>(dynamicProps)) {
            dynamic.subscribe(List.of(topic), dynamicListener);
            Set<TopicPartition> staticBefore;
            SluiceConsumer<String, String> first = new SluiceConsumer<>(staticProps);
            try {
                first.subscribe(List.of(topic));
                waitFor(() -> first.assignment().size() == 2 && dynamic.assignment().size() == 2, () -> {
                    first.poll(Duration.ofMillis(50));
                    dynamic.poll(Duration.ofMillis(50));
                }, "two members with two partitions each");
                staticBefore = first.assignment();
            } finally {
                first.close();
            }
            Set<TopicPartition> dynamicBefore = dynamic.assignment();
            dynamicListener.revoked.clear();
            dynamicListener.assigned.clear();
            try (SluiceConsumer<String, String> second = new SluiceConsumer<>(staticProps)) {
                second.subscribe(List.of(topic));
                waitFor(() -> second.assignment().size() == 2, () -> {
                    second.poll(Duration.ofMillis(50));
                    dynamic.poll(Duration.ofMillis(50));
                }, "the restarted static member back with its partitions");
                for (int i = 0; i < 10; i++) {
                    second.poll(Duration.ofMillis(50));
                    dynamic.poll(Duration.ofMillis(50));
                }
                assertThat(second.assignment()).isEqualTo(staticBefore);
                assertThat(dynamic.assignment()).isEqualTo(dynamicBefore);
                assertThat(dynamicListener.revoked).as("the dynamic member saw no rebalance").isEmpty();
            }
        }
    }

    /** Pattern subscription over two topics, commitSync of chosen offsets, commitAsync with its callback. */
    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void patternSubscriptionAndManualCommits(BrokerUnderTest kind) {
        TestBroker broker = broker(kind);
        String group = "g-manual-" + kind;
        broker.createTopic("pattern-a-" + kind, 2);
        broker.createTopic("pattern-b-" + kind, 1);
        broker.createTopic("other-c-" + kind, 1);
        List<String> expected = new ArrayList<>(produce(broker, "pattern-a-" + kind, 2, 30, "a", "none"));
        expected.addAll(produce(broker, "pattern-b-" + kind, 1, 10, "b", "none"));
        produce(broker, "other-c-" + kind, 1, 5, "c", "none");
        Properties props = consumerProps(broker, group);
        props.setProperty("enable.auto.commit", "false");
        props.setProperty("metadata.max.age.ms", "1000");
        RecordingListener listener = new RecordingListener();
        try (SluiceConsumer<String, String> consumer = new SluiceConsumer<>(props)) {
            consumer.subscribe(java.util.regex.Pattern.compile("pattern-.-" + kind), listener);
            List<ConsumerRecord<String, String>> records = pollUntil(consumer, expected.size(), 500);
            assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(consumer.subscription()).containsExactlyInAnyOrder("pattern-a-" + kind, "pattern-b-" + kind);
            // The first join waited for metadata of all topics: no empty first generation.
            assertThat(listener.assigned.get(0)).containsExactlyInAnyOrder(
                    new TopicPartition("pattern-a-" + kind, 0), new TopicPartition("pattern-a-" + kind, 1),
                    new TopicPartition("pattern-b-" + kind, 0));

            TopicPartition a0 = new TopicPartition("pattern-a-" + kind, 0);
            TopicPartition b0 = new TopicPartition("pattern-b-" + kind, 0);
            consumer.commitSync(Map.of(a0, new OffsetAndMetadata(7, "seven")));
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.of(a0, b0));
            assertThat(committed.get(a0).offset()).isEqualTo(7);
            assertThat(committed.get(a0).metadata()).isEqualTo("seven");
            assertThat(committed.get(b0)).isNull();

            List<Map<TopicPartition, OffsetAndMetadata>> completions = new CopyOnWriteArrayList<>();
            List<Exception> failures = new CopyOnWriteArrayList<>();
            consumer.commitAsync((offsets, e) -> {
                completions.add(offsets);
                if (e != null) {
                    failures.add(e);
                }
            });
            waitFor(() -> !completions.isEmpty(), () -> consumer.poll(Duration.ofMillis(50)), "the commitAsync callback");
            assertThat(failures).isEmpty();
            assertThat(completions.get(0)).containsKeys(a0, b0);
            Map<TopicPartition, OffsetAndMetadata> after = consumer.committed(Set.of(a0, b0));
            assertThat(after.get(a0).offset()).isEqualTo(consumer.position(a0));
            assertThat(after.get(b0).offset()).isEqualTo(10);
        }
    }

    /**
     * Topics created AFTER subscribe(Pattern) are picked up: the member first joins with nothing
     * matched, and the next metadata refresh (metadata.max.age.ms) that shows the new topics makes
     * it rejoin and read them.
     */
    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void patternSubscriptionPicksUpTopicsCreatedAfterSubscribe(BrokerUnderTest kind) {
        TestBroker broker = broker(kind);
        String group = "g-late-" + kind;
        Properties props = consumerProps(broker, group);
        props.setProperty("metadata.max.age.ms", "1000");
        RecordingListener listener = new RecordingListener();
        try (SluiceConsumer<String, String> consumer = new SluiceConsumer<>(props)) {
            consumer.subscribe(java.util.regex.Pattern.compile("late-.-" + kind), listener);
            waitFor(() -> !listener.assigned.isEmpty(), () -> consumer.poll(Duration.ofMillis(100)), "the first generation");
            assertThat(listener.assigned.get(0)).isEmpty();
            assertThat(consumer.subscription()).isEmpty();

            broker.createTopic("late-a-" + kind, 2);
            broker.createTopic("late-b-" + kind, 1);
            broker.createTopic("early-c-" + kind, 1);
            List<String> expected = new ArrayList<>(produce(broker, "late-a-" + kind, 2, 20, "a", "none"));
            expected.addAll(produce(broker, "late-b-" + kind, 1, 10, "b", "none"));
            produce(broker, "early-c-" + kind, 1, 5, "c", "none");

            List<ConsumerRecord<String, String>> records = pollUntil(consumer, expected.size(), 500);
            assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(consumer.subscription()).containsExactlyInAnyOrder("late-a-" + kind, "late-b-" + kind);
            assertThat(consumer.assignment()).containsExactlyInAnyOrder(new TopicPartition("late-a-" + kind, 0),
                    new TopicPartition("late-a-" + kind, 1), new TopicPartition("late-b-" + kind, 0));
        }
    }

    /**
     * The pattern starts matching topics while this member's JoinGroup is held by the coordinator
     * (another member has not rejoined yet): the generation it gets was assigned from the empty
     * subscription it sent, so it must rejoin with the new topics once that generation completes.
     */
    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void patternSubscriptionRejoinsWhenTopicsAppearDuringItsJoin(BrokerUnderTest kind) throws Exception {
        TestBroker broker = broker(kind);
        String group = "g-during-join-" + kind;
        String held = "during-held-" + kind;
        broker.createTopic(held, 1);
        Properties props = consumerProps(broker, group);
        props.setProperty("metadata.max.age.ms", "1000");
        try (SluiceConsumer<String, String> other = new SluiceConsumer<>(consumerProps(broker, group));
             SluiceConsumer<String, String> patterned = new SluiceConsumer<>(props);
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            RecordingListener otherListener = new RecordingListener();
            other.subscribe(List.of(held), otherListener);
            waitFor(() -> !otherListener.assigned.isEmpty(), () -> other.poll(Duration.ofMillis(100)), "the other member's generation");

            // Not polling `other` keeps the rebalance that `patterned` starts open, its JoinGroup held.
            patterned.subscribe(java.util.regex.Pattern.compile("during-.-" + kind));
            waitFor(() -> groupState(admin, group) == org.apache.kafka.common.ConsumerGroupState.PREPARING_REBALANCE,
                    () -> patterned.poll(Duration.ofMillis(100)), "the rebalance started by the pattern member");
            broker.createTopic("during-a-" + kind, 2);
            broker.createTopic("during-b-" + kind, 1);
            List<String> expected = new ArrayList<>(produce(broker, "during-a-" + kind, 2, 20, "a", "none"));
            expected.addAll(produce(broker, "during-b-" + kind, 1, 10, "b", "none"));
            waitFor(() -> patterned.subscription().size() == 2, () -> patterned.poll(Duration.ofMillis(100)),
                    "the pattern to match the new topics while its JoinGroup is held");
            assertThat(groupState(admin, group)).isEqualTo(org.apache.kafka.common.ConsumerGroupState.PREPARING_REBALANCE);

            List<String> seen = new ArrayList<>();
            waitFor(() -> seen.size() >= expected.size(), () -> {
                other.poll(Duration.ofMillis(50));
                patterned.poll(Duration.ofMillis(50)).forEach(r -> seen.add(r.value()));
            }, "the pattern member to read the topics that appeared during its join");
            assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(patterned.assignment()).containsExactlyInAnyOrder(new TopicPartition("during-a-" + kind, 0),
                    new TopicPartition("during-a-" + kind, 1), new TopicPartition("during-b-" + kind, 0));
        }
    }

    private static org.apache.kafka.common.ConsumerGroupState groupState(Admin admin, String group) {
        try {
            return admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group).state();
        } catch (Exception e) {
            throw new AssertionError("describing group " + group, e);
        }
    }

    /** End to end with our own producer: keyed records, per-key order kept, committed == end offsets after close. */
    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void ourProducerToTwoOfOurConsumers(BrokerUnderTest kind) throws Exception {
        TestBroker broker = broker(kind);
        String topic = "group-ours-" + kind;
        String group = "g-ours-" + kind;
        broker.createTopic(topic, 3);
        Properties producerProps = new Properties();
        producerProps.setProperty("bootstrap.servers", broker.bootstrapServers());
        producerProps.setProperty("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        producerProps.setProperty("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        producerProps.setProperty("compression.type", "zstd");
        try (io.sluice.clients.producer.SluiceProducer<String, String> producer = new io.sluice.clients.producer.SluiceProducer<>(producerProps)) {
            for (int i = 0; i < 500; i++) {
                producer.send(new io.sluice.clients.producer.ProducerRecord<>(topic, "key-" + (i % 17), "v-" + i));
            }
            producer.flush();
        }
        Map<String, List<Integer>> byKey = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<SluiceConsumer<String, String>> consumers = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Properties props = consumerProps(broker, group);
                props.setProperty("partition.assignment.strategy", "cooperative-sticky");
                SluiceConsumer<String, String> c = new SluiceConsumer<>(props);
                c.subscribe(List.of(topic));
                consumers.add(c);
            }
            waitFor(() -> seen.size() == 500, () -> consumers.forEach(c -> c.poll(Duration.ofMillis(50)).forEach(r -> {
                if (!seen.add(r.value())) {
                    duplicates.add(r.value());
                }
                byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Integer.parseInt(r.value().substring(2)));
            })), "500 records across two consumers");
            assertThat(duplicates).isEmpty();
            byKey.forEach((key, values) -> assertThat(values).as("order of %s", key).isSorted());
            assertThat(byKey).hasSize(17);
        } finally {
            consumers.forEach(SluiceConsumer::close);
        }
        try (SluiceConsumer<String, String> after = new SluiceConsumer<>(consumerProps(broker, group))) {
            Map<TopicPartition, Long> ends = after.endOffsets(partitions(topic, 3));
            Map<TopicPartition, OffsetAndMetadata> committed = after.committed(new HashSet<>(partitions(topic, 3)));
            ends.forEach((tp, end) -> assertThat(committed.get(tp).offset()).as("%s", tp).isEqualTo(end));
            assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(500);
        }
    }

    /**
     * The broker restarts under a subscribed consumer (Sluice only: the fixture cannot restart the
     * Apache Kafka process): connections fail, the consumer finds the coordinator again, keeps or
     * regains its membership, and reads everything produced after the restart.
     */
    @org.junit.jupiter.api.Test
    void survivesABrokerRestart() {
        TestBroker broker = broker(BrokerUnderTest.SLUICE);
        assertThat(broker.canRestart()).isTrue();
        String topic = "group-restart";
        broker.createTopic(topic, 2);
        Properties props = consumerProps(broker, "g-restart");
        props.setProperty("auto.commit.interval.ms", "100");
        props.setProperty("reconnect.backoff.max.ms", "200");
        Set<String> seen = new HashSet<>();
        try (SluiceConsumer<String, String> consumer = new SluiceConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            List<String> before = produce(broker, topic, 2, 100, "before", "none");
            Runnable poll = () -> consumer.poll(Duration.ofMillis(100)).forEach(r -> seen.add(r.value()));
            waitFor(() -> seen.containsAll(before), poll, "the records produced before the restart");
            broker.restart();
            List<String> after = produce(broker, topic, 2, 100, "after", "none");
            waitFor(() -> seen.containsAll(after), poll, "the records produced after the restart");
            assertThat(consumer.assignment()).containsExactlyInAnyOrderElementsOf(partitions(topic, 2));
        }
    }

    /** Partitions added to a subscribed topic: the next metadata refresh triggers a rebalance that assigns them. */
    @ParameterizedTest
    @EnumSource(BrokerUnderTest.class)
    void partitionsAddedToASubscribedTopicAreAssigned(BrokerUnderTest kind) throws Exception {
        TestBroker broker = broker(kind);
        String topic = "group-grow-" + kind;
        broker.createTopic(topic, 2);
        Properties props = consumerProps(broker, "g-grow-" + kind);
        props.setProperty("metadata.max.age.ms", "500");
        Set<String> seen = new HashSet<>();
        try (SluiceConsumer<String, String> a = new SluiceConsumer<>(props);
             SluiceConsumer<String, String> b = new SluiceConsumer<>(props)) {
            a.subscribe(List.of(topic));
            b.subscribe(List.of(topic));
            Runnable pollBoth = () -> {
                a.poll(Duration.ofMillis(50)).forEach(r -> seen.add(r.value()));
                b.poll(Duration.ofMillis(50)).forEach(r -> seen.add(r.value()));
            };
            waitFor(() -> a.assignment().size() == 1 && b.assignment().size() == 1, pollBoth, "one partition each");
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createPartitions(Map.of(topic, org.apache.kafka.clients.admin.NewPartitions.increaseTo(4))).all().get(60, TimeUnit.SECONDS);
            }
            waitFor(() -> a.assignment().size() == 2 && b.assignment().size() == 2, pollBoth, "four partitions split after the growth");
            List<String> values = produce(broker, topic, 4, 40, "grown", "none");
            waitFor(() -> seen.containsAll(values), pollBoth, "records of all four partitions");
        }
    }

    static Map<TopicPartition, Long> toOurs(Map<org.apache.kafka.common.TopicPartition, Long> m) {
        Map<TopicPartition, Long> out = new HashMap<>();
        m.forEach((tp, v) -> out.put(new TopicPartition(tp.topic(), tp.partition()), v));
        return out;
    }
}
