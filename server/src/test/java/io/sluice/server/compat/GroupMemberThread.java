package io.sluice.server.compat;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A subscribing consumer on its own thread, as an application runs one: it polls, records every value it
 * reads into a shared set, commits synchronously after each non-empty poll, and publishes its current
 * assignment and generation for the test to watch. {@link #close()} leaves the group (a dynamic member
 * sends LeaveGroup on close).
 */
final class GroupMemberThread implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final Set<String> read;
    private volatile Set<TopicPartition> assignment = Set.of();
    private volatile int generation = -1;
    private volatile String memberId = "";
    private volatile boolean running = true;
    private volatile Throwable failure;

    GroupMemberThread(String name, Properties props, List<String> topics, Set<String> read) {
        this.consumer = new KafkaConsumer<>(props);
        this.read = read;
        this.thread = new Thread(() -> run(topics), name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(List<String> topics) {
        try {
            consumer.subscribe(topics);
            while (running) {
                boolean any = false;
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    read.add(record.value());
                    any = true;
                }
                if (any) {
                    consumer.commitSync();
                }
                assignment = Set.copyOf(consumer.assignment());
                generation = consumer.groupMetadata().generationId();
                memberId = consumer.groupMetadata().memberId();
            }
        } catch (WakeupException e) {
            // closing
        } catch (Throwable t) {
            failure = t;
        } finally {
            consumer.close(Duration.ofSeconds(30));
        }
    }

    Set<TopicPartition> assignment() {
        return assignment;
    }

    int generation() {
        return generation;
    }

    String memberId() {
        return memberId;
    }

    Throwable failure() {
        return failure;
    }

    static Set<String> newReadSet() {
        return ConcurrentHashMap.newKeySet();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(60_000);
    }
}
