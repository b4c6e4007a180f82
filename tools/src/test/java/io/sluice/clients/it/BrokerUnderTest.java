package io.sluice.clients.it;

/** Which broker a client integration test runs against; see {@link Brokers}. */
public enum BrokerUnderTest {
    /** Sluice in-process: {@code SluiceTestCluster} with one broker and an in-process ZooKeeper. */
    SLUICE,
    /** Apache Kafka 3.9.1 in ZooKeeper mode, a separate JVM started by {@code scripts/apache-kafka.sh}. */
    APACHE_KAFKA
}
