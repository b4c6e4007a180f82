package io.sluice.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Consumer-group figures measured with the official Java client against any Kafka-protocol broker:
 *
 * <pre>
 * GroupBench commits   BOOTSTRAP COMMITS CLIENTS   each client: a KafkaConsumer with assign() of the 4
 *                                                  partitions of a fresh topic and its own group, calling
 *                                                  commitSync of all 4 in a loop; prints commits per second
 * GroupBench rebalance BOOTSTRAP MEMBERS ROUNDS    per round: MEMBERS consumers subscribe to a fresh topic
 *                                                  of MEMBERS partitions in a fresh group; the time from the
 *                                                  first poll (which sends the first JoinGroup after
 *                                                  FindCoordinator) until every member has its partitions
 *                                                  of one generation; prints each round and the median
 * </pre>
 *
 * Output lines start with {@code result} and hold key=value pairs, for scripts.
 */
public final class GroupBench {

    /** The consumers' heartbeat.interval.ms (the client default). */
    private static final long HEARTBEAT_INTERVAL_MS = 3_000;

    private GroupBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !(args[0].equals("commits") || args[0].equals("rebalance"))) {
            System.err.println("usage: GroupBench commits BOOTSTRAP COMMITS CLIENTS | rebalance BOOTSTRAP MEMBERS ROUNDS");
            System.exit(2);
        }
        String bootstrap = args[1];
        int a = Integer.parseInt(args[2]);
        int b = Integer.parseInt(args[3]);
        if (args[0].equals("commits")) {
            commits(bootstrap, a, b);
        } else {
            rebalance(bootstrap, a, b);
        }
    }

    private static String createTopic(String bootstrap, String prefix, int partitions) throws Exception {
        String topic = prefix + "-" + System.currentTimeMillis();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
            // Until the topic's metadata reached every part of the broker, assign()/subscribe() would wait on it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                try {
                    if (admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                            .allMatch(p -> p.leader() != null)) {
                        break;
                    }
                } catch (Exception e) {
                    // not there yet
                }
                Thread.sleep(50);
            }
        }
        return topic;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String group, String clientId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    // ---------------------------------------------------------------- commits

    private static void commits(String bootstrap, int commits, int clients) throws Exception {
        String topic = createTopic(bootstrap, "bench-commits", 4);
        int perClient = commits / clients;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> runs = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String group = topic + "-group-" + c;
            runs.add(pool.submit(() -> {
                try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, group, group)) {
                    List<TopicPartition> partitions = new ArrayList<>();
                    for (int p = 0; p < 4; p++) {
                        partitions.add(new TopicPartition(topic, p));
                    }
                    consumer.assign(partitions);
                    // Warm-up: coordinator lookup, connections, the offsets partition's cache.
                    for (int i = 0; i < 100; i++) {
                        consumer.commitSync(offsets(partitions, i));
                    }
                    ready.countDown();
                    go.await();
                    long start = System.nanoTime();
                    for (int i = 0; i < perClient; i++) {
                        consumer.commitSync(offsets(partitions, 100 + i));
                    }
                    long elapsed = System.nanoTime() - start;
                    Map<TopicPartition, OffsetAndMetadata> last = consumer.committed(new HashSet<>(partitions));
                    for (OffsetAndMetadata o : last.values()) {
                        if (o == null || o.offset() != 100 + perClient - 1) {
                            throw new IllegalStateException("Committed offset read back as " + o);
                        }
                    }
                    return elapsed;
                }
            }));
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        for (Future<Long> run : runs) {
            run.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf("result mode=commits clients=%d commits=%d partitions_per_commit=4 seconds=%.3f commits_per_sec=%.1f%n",
                clients, perClient * clients, seconds, perClient * clients / seconds);
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(List<TopicPartition> partitions, long offset) {
        Map<TopicPartition, OffsetAndMetadata> map = new HashMap<>();
        for (TopicPartition tp : partitions) {
            map.put(tp, new OffsetAndMetadata(offset));
        }
        return map;
    }

    // ---------------------------------------------------------------- rebalance

    /** One member's assignment as its rebalance listener saw it. */
    private record Assigned(int member, int generation, long nanos, Collection<TopicPartition> partitions) {
    }

    private static void rebalance(String bootstrap, int members, int rounds) throws Exception {
        String topic = createTopic(bootstrap, "bench-rebalance", members);
        List<Double> times = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            double ms = oneRebalance(bootstrap, topic, topic + "-group-" + round, members);
            times.add(ms);
            System.out.printf("result mode=rebalance round=%d members=%d rebalance_ms=%.1f%n", round, members, ms);
        }
        List<Double> sorted = new ArrayList<>(times);
        sorted.sort(Double::compare);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        // A member that already has an assignment hears of a newcomer's rebalance only from its next
        // heartbeat (heartbeat.interval.ms, 3 s by default): such rounds take 3 s or more.
        long slow = times.stream().filter(ms -> ms >= HEARTBEAT_INTERVAL_MS).count();
        System.out.printf("result mode=rebalance members=%d rounds=%d median_rebalance_ms=%.1f min_rebalance_ms=%.1f "
                        + "max_rebalance_ms=%.1f rounds_waiting_for_a_heartbeat=%d%n",
                members, rounds, median, sorted.get(0), sorted.get(n - 1), slow);
    }

    private static double oneRebalance(String bootstrap, String topic, String group, int members) throws Exception {
        List<KafkaConsumer<byte[], byte[]>> consumers = new ArrayList<>();
        for (int m = 0; m < members; m++) {
            consumers.add(consumer(bootstrap, group, group + "-member-" + m));
        }
        List<Assigned> assignments = new java.util.concurrent.CopyOnWriteArrayList<>();
        Map<Integer, Throwable> failures = new ConcurrentHashMap<>();
        AtomicLong firstPoll = new AtomicLong(Long.MAX_VALUE);
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(members);
        for (int m = 0; m < members; m++) {
            int member = m;
            KafkaConsumer<byte[], byte[]> consumer = consumers.get(m);
            pool.submit(() -> {
                try {
                    consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                        @Override
                        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        }

                        @Override
                        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                            assignments.add(new Assigned(member, consumer.groupMetadata().generationId(), System.nanoTime(),
                                    List.copyOf(partitions)));
                        }
                    });
                    go.await();
                    firstPoll.accumulateAndGet(System.nanoTime(), Math::min);
                    while (!stop.get()) {
                        consumer.poll(Duration.ofMillis(50));
                    }
                } catch (Throwable t) {
                    failures.put(member, t);
                } finally {
                    consumer.close(Duration.ofSeconds(10));
                }
                return null;
            });
        }
        go.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        Long doneAt = null;
        while (doneAt == null && System.nanoTime() < deadline && failures.isEmpty()) {
            doneAt = completeGeneration(assignments, members);
            if (doneAt == null) {
                Thread.sleep(5);
            }
        }
        stop.set(true);
        pool.shutdown();
        pool.awaitTermination(60, TimeUnit.SECONDS);
        if (!failures.isEmpty()) {
            throw new IllegalStateException("A member failed: " + failures, failures.values().iterator().next());
        }
        if (doneAt == null) {
            throw new IllegalStateException("The group of " + members + " did not settle within 180 s: " + assignments);
        }
        return (doneAt - firstPoll.get()) / 1e6;
    }

    /** When the last member of a generation in which all members got partitions covering the topic got its own; else null. */
    private static Long completeGeneration(List<Assigned> assignments, int members) {
        Map<Integer, Map<Integer, Assigned>> byGeneration = new HashMap<>();
        for (Assigned a : assignments) {
            byGeneration.computeIfAbsent(a.generation(), g -> new HashMap<>()).put(a.member(), a);
        }
        for (Map<Integer, Assigned> generation : byGeneration.values()) {
            if (generation.size() == members) {
                Set<TopicPartition> covered = new HashSet<>();
                long last = 0;
                for (Assigned a : generation.values()) {
                    covered.addAll(a.partitions());
                    last = Math.max(last, a.nanos());
                }
                if (covered.size() == members) {
                    return last;
                }
            }
        }
        return null;
    }
}
