package io.sluice.clients.it;

import java.util.Map;

/** One running broker (with its ZooKeeper) for a client integration test. */
public interface TestBroker extends AutoCloseable {

    BrokerUnderTest kind();

    /** {@code host:port} for {@code bootstrap.servers}. */
    String bootstrapServers();

    /**
     * Creates a topic with replication factor 1 (through the official Admin client, which works
     * against both brokers) and waits until the broker reports leaders for all its partitions.
     */
    void createTopic(String name, int partitions, Map<String, String> configs);

    default void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /** Whether {@link #restart()} is supported (Sluice only: Kafka's start script wipes its data). */
    boolean canRestart();

    /** Stops the broker and starts it again on the same port and data. */
    void restart();

    /** Stops the broker; {@link #start()} starts it again on the same port and data (Sluice only). */
    void stop();

    void start();

    @Override
    void close();
}
